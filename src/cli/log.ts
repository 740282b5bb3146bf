import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'log',
  summary: 'not built yet',
  usage: 'log',
  options: {},
  run() {
    throw new Error('simorg log is not built yet');
  },
});
