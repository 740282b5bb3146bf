import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'trace',
  summary: 'not built yet',
  usage: 'trace',
  options: {},
  run() {
    throw new Error('simorg trace is not built yet');
  },
});
