import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'list',
  summary: 'not built yet',
  usage: 'list',
  options: {},
  run() {
    throw new Error('simorg list is not built yet');
  },
});
