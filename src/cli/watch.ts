import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'watch',
  summary: 'not built yet',
  usage: 'watch',
  options: {},
  run() {
    throw new Error('simorg watch is not built yet');
  },
});
