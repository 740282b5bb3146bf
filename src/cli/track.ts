import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'track',
  summary: 'not built yet',
  usage: 'track',
  options: {},
  run() {
    throw new Error('simorg track is not built yet');
  },
});
