#!/usr/bin/env node
// Runs every bench/*.bench.js in turn (or those named on the command line) and prints their lines.
// Each benchmark measures its own baseline in the same run and prints ratios against it.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => !wanted.length || wanted.some((w) => f.includes(w)))
  .sort();
// Each benchmark exits 1 when one of its targets is missed (or it crashed): the run then exits 1,
// naming them.
const failed = [];
for (const f of files) {
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(f);
}
console.log(
  failed.length ? `\nbench: targets missed or failed in ${failed.join(', ')}` : '\nbench: every target met',
);
process.exitCode = failed.length ? 1 : 0;
