import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { follow, waitFor, type Followed } from './promises-helpers.js';

// README "The runner": "Ctrl-C once lets running scripts finish; twice stops them." Checked on
// `simorg run --all` with one worker and two scripts that each wait for a go file, so the test
// decides when they may end.

/** Writes `<name>.started` with its pid, then waits for `<name>.go`. */
const gated = (name: string) => `import { existsSync, writeFileSync } from 'node:fs';
writeFileSync('${name}.started', String(process.pid));
while (!existsSync('${name}.go')) await new Promise((r) => setTimeout(r, 30));
console.log('${name} done');
`;

let p: RealProject;
let run: Followed | undefined;
afterEach(() => {
  run?.kill();
  run = undefined;
  p?.cleanup();
});

const readStarted = (name: string): string => {
  try {
    return p.read(`${name}.started`);
  } catch {
    return '';
  }
};

/** Starts `simorg run --all --jobs 1` on two gated scripts and waits until the first has started. */
async function startRun(): Promise<{ first: string; second: string }> {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
    'one.mjs': gated('one'),
    'two.mjs': gated('two'),
  });
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
  run = follow(p, ['run', '--all', '--jobs', '1']);
  const first: string = await waitFor(
    'a script to start',
    // Its pid written, not only the file made (writeFileSync creates it empty first).
    () => ['one', 'two'].find((n) => Number(readStarted(n)) > 0) ?? '',
  );
  return { first, second: first === 'one' ? 'two' : 'one' };
}

describe('simorg run: Ctrl-C', () => {
  it('once: the running script finishes and is recorded succeeded; no other script starts', async () => {
    const { first, second } = await startRun();
    run!.interrupt();
    await run!.until(/finishing the running scripts, starting no more/);
    p.write(`${first}.go`, '');
    p.write(`${second}.go`, ''); // were it started after all, it would end at once and be recorded
    const code = await run!.exited;
    expect(p.runs().map((r) => [r.script, r.status])).toEqual([[`${first}.mjs`, 'succeeded']]);
    expect(existsSync(join(p.root, `${second}.started`))).toBe(false);
    expect(code).toBe(1); // not every selected script ran
  });

  it('twice: the running script is stopped and recorded cancelled', async () => {
    const { first, second } = await startRun();
    const pid = Number(p.read(`${first}.started`));
    expect(pid).toBeGreaterThan(0); // process.kill(0, 0) would signal our own group and never throw
    run!.interrupt();
    await run!.until(/finishing the running scripts, starting no more/);
    run!.interrupt();
    await run!.until(/stopping the running scripts/);
    const code = await run!.exited;
    expect(p.runs().map((r) => [r.script, r.status])).toEqual([[`${first}.mjs`, 'cancelled']]);
    expect(existsSync(join(p.root, `${second}.started`))).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow(); // the script is gone, not waiting for its go file
    expect(code).toBe(1);
  });
});
