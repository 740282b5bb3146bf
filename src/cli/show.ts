import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'show',
  summary: 'not built yet',
  usage: 'show',
  options: {},
  run() {
    throw new Error('simorg show is not built yet');
  },
});
