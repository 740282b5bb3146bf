import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'untrack',
  summary: 'not built yet',
  usage: 'untrack',
  options: {},
  run() {
    throw new Error('simorg untrack is not built yet');
  },
});
