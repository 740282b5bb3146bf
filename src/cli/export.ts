import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'export',
  summary: 'not built yet',
  usage: 'export',
  options: {},
  run() {
    throw new Error('simorg export is not built yet');
  },
});
