import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests run the built CLI and hook exactly as a user would (bin/simorg.js, dist/), so build once
// first. A build that fails stops the run: tests against a stale dist/ would pass or fail for
// reasons that are not the code's. (tsc still emits on type errors; `npm run typecheck` is the
// gate for those, and CI runs it before the tests.)
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const steps: string[][] = [
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noEmitOnError', 'false'],
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.cjs.json', '--noEmitOnError', 'false'],
    ['scripts/mark-cjs.cjs'],
    ['scripts/bundle-hook.mjs'],
    ['scripts/bundle-cli.mjs'],
  ];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    // tsc exits 2 when it emitted despite type errors; anything else (1, a signal) means no build.
    const emitted = args[0]!.endsWith('tsc') ? r.status === 0 || r.status === 2 : r.status === 0;
    if (!emitted)
      throw new Error(
        `the build step '${args.join(' ')}' failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`,
      );
    if (r.status !== 0)
      process.stderr.write(`warning: type errors (run \`npm run typecheck\`):\n${r.stdout}\n`);
  }
}
