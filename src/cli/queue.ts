import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'queue',
  summary: 'not built yet',
  usage: 'queue',
  options: {},
  run() {
    throw new Error('simorg queue is not built yet');
  },
});
