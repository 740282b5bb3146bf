import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests run the built CLI and hook exactly as a user would (bin/simorg.js, dist/), so build once
// first. Type errors do not stop the build here (tsc still emits): `npm run typecheck` is the gate
// for those, and CI runs it before the tests.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const steps: string[][] = [
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.cjs.json'],
    ['scripts/mark-cjs.cjs'],
    ['scripts/bundle-hook.mjs'],
  ];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`warning: build step '${args.join(' ')}' reported:\n${r.stdout}${r.stderr}\n`);
  }
}
