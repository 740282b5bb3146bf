import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'run',
  summary: 'not built yet',
  usage: 'run',
  options: {},
  run() {
    throw new Error('simorg run is not built yet');
  },
});
