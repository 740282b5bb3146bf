import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'init',
  summary: 'not built yet',
  usage: 'init',
  options: {},
  run() {
    throw new Error('simorg init is not built yet');
  },
});
