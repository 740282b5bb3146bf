import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'makefile',
  summary: 'not built yet',
  usage: 'makefile',
  options: {},
  run() {
    throw new Error('simorg makefile is not built yet');
  },
});
