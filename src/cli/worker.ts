import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'worker',
  summary: 'not built yet',
  usage: 'worker',
  options: {},
  run() {
    throw new Error('simorg worker is not built yet');
  },
});
