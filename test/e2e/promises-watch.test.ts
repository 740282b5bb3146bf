import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { follow, waitFor, type Followed } from './promises-helpers.js';

// README "Watching": what `simorg watch` promises beyond the happy path of test/e2e/watch.test.ts —
// Ctrl-C once and twice, scripts stale at start listed and not run, failed scripts re-run when their
// files change, the 300 ms quiet period, and the selection (--group, globs) and --config.

const CONFIG = JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' });

/** Reads data/trigger.txt, writes `<name>.started`, then waits for `<name>.go` before it ends. */
const gated = (name: string) => `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
readFileSync('data/trigger.txt', 'utf8');
writeFileSync('${name}.started', String(process.pid));
while (!existsSync('${name}.go')) await new Promise((r) => setTimeout(r, 30));
console.log('${name} done');
`;

/** Reads `file` and ends. */
const reader = (file: string) =>
  `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('${file}', 'utf8').length);\n`;

let p: RealProject;
let w: Followed | undefined;
afterEach(() => {
  w?.kill();
  w = undefined;
  p?.cleanup();
});

async function setUp(files: Record<string, string>, track: string[][] = [['*.mjs']]): Promise<void> {
  p = new RealProject({ '.simorgrc.json': CONFIG, ...files });
  expect((await p.cli(['init'])).code).toBe(0);
  for (const args of track) expect((await p.cli(['track', ...args])).code).toBe(0);
}

async function run(...args: string[]): Promise<void> {
  const r = await p.cli(['run', ...args]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

const runsOf = (script: string) => p.runs().filter((r) => r.script === script);
// The pid a gated script wrote: 0 until the file has its content (writeFileSync creates it empty
// first, and process.kill(0, 0) would signal our own group and always succeed).
const startedPid = (rel: string) => {
  try {
    return Number(p.read(rel)) || 0;
  } catch {
    return 0;
  }
};

/** A project whose gated script has run once (so its inputs are known), then a watch started on it. */
async function watchingGated(): Promise<void> {
  await setUp({ 'data/trigger.txt': '1\n', 'slow.mjs': gated('slow'), 'slow.go': '' });
  await run('slow.mjs');
  rmSync(join(p.root, 'slow.go'));
  rmSync(join(p.root, 'slow.started'));
  w = follow(p, ['watch']);
  await w.until(/watching \d+ files and folders for 1 scripts/);
  p.write('data/trigger.txt', '2\n');
  await w.until(/running slow\.mjs: data\/trigger\.txt changed/);
  await waitFor('slow.mjs to start', () => startedPid('slow.started') > 0);
}

describe('simorg watch: Ctrl-C', () => {
  it('once: waits for the running script, which ends succeeded, and exits 0', async () => {
    await watchingGated();
    w!.interrupt();
    await w!.until(/stopping once running scripts finish/);
    p.write('slow.go', '');
    expect(await w!.exited).toBe(0);
    expect(w!.out).toMatch(/slow\.mjs succeeded in/);
    expect(runsOf('slow.mjs').map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('twice: stops the running script, records it cancelled, and exits 0', async () => {
    await watchingGated();
    const pid = startedPid('slow.started');
    expect(pid).toBeGreaterThan(0);
    w!.interrupt();
    await w!.until(/stopping once running scripts finish/);
    w!.interrupt();
    expect(await w!.exited).toBe(0);
    expect(runsOf('slow.mjs').map((r) => r.status)).toEqual(['succeeded', 'cancelled']);
    // The script itself is gone, not left waiting for its go file.
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('simorg watch: what it runs', () => {
  it('lists the scripts already stale when it starts and does not run them', async () => {
    await setUp({
      'data/a.txt': 'a\n',
      'data/b.txt': 'b\n',
      'a.mjs': reader('data/a.txt'),
      'b.mjs': reader('data/b.txt'),
      'fine.mjs': reader('data/b.txt'),
    });
    await run('--all');
    p.write('data/a.txt', 'changed\n');
    p.write('a.mjs', reader('data/a.txt') + '// edited\n');
    const before = p.runs().length;
    w = follow(p, ['watch']);
    await w.until(/watching \d+ files and folders for 3 scripts/);
    const first = w.out.split('\n').find((l) => l.includes('watching'))!;
    // Listed: the line names the one stale script, and not the fresh ones.
    expect(first).toMatch(/1 not fresh/);
    expect(w.out).toMatch(/not run: a\.mjs stale: script changed; data\/a\.txt changed\n/);
    expect(w.out).not.toMatch(/\bb\.mjs|fine\.mjs/);
    // Not run: a later change to b's input runs b alone; the watch's rounds are sequential, so once
    // b's round is over, a would have run by then if it were going to.
    p.write('data/b.txt', 'b2\n');
    await w.until(/b\.mjs succeeded/);
    await w.until(/fine\.mjs succeeded/);
    expect(
      p
        .runs()
        .slice(before)
        .map((r) => r.script)
        .sort(),
    ).toEqual(['b.mjs', 'fine.mjs']);
    expect(w.out).not.toMatch(/running a\.mjs/);
  });

  it('re-runs a failed script when a file it used changes, and it can end green', async () => {
    await setUp({
      'data/in.txt': 'bad\n',
      'check.mjs': `import { readFileSync } from 'node:fs';
if (readFileSync('data/in.txt', 'utf8').trim() !== 'good') throw new Error('input is not good');
console.log('ok');
`,
    });
    expect((await p.cli(['run', 'check.mjs'])).code).toBe(1);
    w = follow(p, ['watch']);
    await w.until(/watching \d+ files and folders for 1 scripts/);
    p.write('data/in.txt', 'good\n');
    await w.until(/running check\.mjs: .*data\/in\.txt changed/);
    await w.until(/check\.mjs succeeded in/);
    expect(runsOf('check.mjs').map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('waits for 300 ms of quiet: a burst of writes gives one run, started after the last write', async () => {
    await setUp({ 'data/in.txt': '0\n', 'r.mjs': reader('data/in.txt') });
    await run('r.mjs');
    w = follow(p, ['watch']);
    await w.until(/watching \d+ files and folders for 1 scripts/);
    // Ten writes 100 ms apart (each changes the content, so each alone would make r.mjs stale):
    // quieter than 300 ms never happens during the burst.
    let last = 0;
    let widestGap = 0;
    for (let i = 1; i <= 10; i++) {
      p.write('data/in.txt', `${i}\n`);
      if (last) widestGap = Math.max(widestGap, Date.now() - last);
      last = Date.now();
      await new Promise((r) => setTimeout(r, 100));
    }
    await w.until(/r\.mjs succeeded in/);
    // Another change after that is another round: once it has run, the burst's rounds are all done.
    const afterAt = Date.now();
    p.write('data/in.txt', 'after\n');
    await waitFor('the run for the last write', () =>
      runsOf('r.mjs').some((r) => r.started >= afterAt && r.status === 'succeeded'),
    );
    const burst = runsOf('r.mjs')
      .slice(1)
      .filter((r) => r.started < afterAt);
    // The burst's last run started 300 ms or more after its last write...
    expect(burst.at(-1)!.started - last).toBeGreaterThanOrEqual(300);
    // ...and, unless this machine stalled the writes themselves past a quiet period, was its only one.
    if (widestGap < 250) expect(burst).toHaveLength(1);
  });

  it('--group and globs choose the scripts it re-runs', async () => {
    await setUp(
      {
        'data/shared.txt': '1\n',
        'data/later.txt': '1\n',
        'figs/a.mjs': reader('../data/shared.txt'),
        'figs/late.mjs': reader('../data/later.txt'),
        'other/b.mjs': reader('../data/shared.txt'),
      },
      [['figs/*.mjs', '--group', 'figs'], ['other/*.mjs']],
    );
    await run('--all');
    for (const selection of [['--group', 'figs'], ['figs/*.mjs']]) {
      const before = p.runs().length;
      w = follow(p, ['watch', ...selection]);
      await w.until(/watching \d+ files and folders for 2 scripts/);
      p.write('data/shared.txt', p.read('data/shared.txt') + 'x\n');
      await w.until(/figs\/a\.mjs succeeded/);
      // A second round after the first: once it is over, other/b.mjs would have run if selected.
      p.write('data/later.txt', p.read('data/later.txt') + 'x\n');
      await w.until(/figs\/late\.mjs succeeded/);
      expect(
        p
          .runs()
          .slice(before)
          .map((r) => r.script),
        selection.join(' '),
      ).toEqual(['figs/a.mjs', 'figs/late.mjs']);
      w.interrupt();
      expect(await w.exited).toBe(0);
      // Bring other/b.mjs up to date for the next selection.
      await run('other/b.mjs');
    }
  });

  it('--config NAME: re-runs under that run config, with its environment', async () => {
    await setUp({
      'data/in.txt': '1\n',
      'q.mjs': `import { readFileSync } from 'node:fs';
readFileSync('data/in.txt', 'utf8');
console.log('SIM_QUICK=' + process.env.SIM_QUICK);
`,
    });
    await run('q.mjs', '--config', 'short');
    w = follow(p, ['watch', '--config', 'short']);
    await w.until(/watching \d+ files and folders for 1 scripts/);
    expect(w.out).not.toMatch(/not fresh/); // fresh under short, though it never ran under std
    p.write('data/in.txt', '2\n');
    await w.until(/q\.mjs succeeded in \d+\.\ds \(run ([0-9a-f]{12})\)/);
    const id = /q\.mjs succeeded in \d+\.\ds \(run ([0-9a-f]{12})\)/.exec(w.out)![1]!;
    const shown = JSON.parse((await p.cli(['show', id, '--json'])).stdout);
    expect(shown.runConfig).toBe('short');
    expect((await p.cli(['log', id])).stdout).toBe('SIM_QUICK=1\n');
  });
});
