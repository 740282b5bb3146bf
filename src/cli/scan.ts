import { defineCommand } from './command.js';

// Placeholder until the command is built.
export default defineCommand({
  name: 'scan',
  summary: 'not built yet',
  usage: 'scan',
  options: {},
  run() {
    throw new Error('simorg scan is not built yet');
  },
});
