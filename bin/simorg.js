#!/usr/bin/env node
// The CLI as one bundle with its commands in chunks (scripts/bundle-cli.mjs): a fraction of the
// module loading of dist/cli's files, paid by every command.
import { main } from '../dist/cli-bundle/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
