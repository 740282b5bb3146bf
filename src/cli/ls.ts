import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'ls',
  summary: 'not built yet',
  usage: 'ls',
  options: {},
  run() {
    throw new Error('simorg ls is not built yet');
  },
});
