import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'status',
  summary: 'not built yet',
  usage: 'status',
  options: {},
  run() {
    throw new Error('simorg status is not built yet');
  },
});
