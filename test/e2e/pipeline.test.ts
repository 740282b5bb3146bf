import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';

// A whole pipeline, driven as a user would: a generator (quick under `short`, which sets SIM_QUICK)
// writing a CSV from an input file and a helper module; three readers of that CSV (a plain script, a
// TypeScript script run with tsx, one with a space in its name); a reader of a reader; a shell
// script simorg cannot see into; a script reading /proc; and a script that always fails, unrelated
// to the rest. Every test here failed on the code before per-config freshness and ordered batches.

const GEN = 'gen/generate.mjs';
const A = 'analysis/a.mjs';
const B = 'analysis/b.ts';
const SPACE = 'analysis/my sim.mjs';
const SUMMARY = 'report/summary.mjs';
const FAILS = 'broken/always-fails.mjs';
const SHELL = 'legacy/count.sh';
const PROC = 'misc/proc.mjs';
const READERS = [A, B, SPACE];

function files(): Record<string, string> {
  return {
    '.simorgrc.json': JSON.stringify({ defaultRunConfig: 'std' }, null, 2),
    'lib/model.mjs': 'export const scale = 2;\n',
    'data/in.txt': '1 2 3\n',
    [GEN]: `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { scale } from '../lib/model.mjs';
const n = process.env.SIM_QUICK ? 2 : 5;
const base = readFileSync('../data/in.txt', 'utf8').trim().split(' ').map(Number);
const extra = process.argv.slice(2).join(' ');
mkdirSync('../data', { recursive: true });
writeFileSync('../data/out.csv', ['x', ...Array.from({ length: n }, (_, i) => base[i % base.length] * scale)].join('\\n') + '\\n' + extra);
`,
    [A]: `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const rows = readFileSync('../data/out.csv', 'utf8').trim().split('\\n');
mkdirSync('../results', { recursive: true });
writeFileSync('../results/a.txt', 'rows ' + rows.length + '\\n');
`,
    [B]: `import { readFileSync } from 'node:fs';
const rows: string[] = readFileSync('../data/out.csv', 'utf8').trim().split('\\n');
console.log('b', rows.length);
`,
    [SPACE]: `import { readFileSync } from 'node:fs';
console.log('space', readFileSync('../data/out.csv', 'utf8').length);
`,
    [SUMMARY]: `import { readFileSync } from 'node:fs';
console.log('summary', readFileSync('../results/a.txt', 'utf8').trim());
`,
    [FAILS]: `throw new Error('always fails');\n`,
    [SHELL]: 'wc -w < ../data/in.txt\n',
    [PROC]: `import { readFileSync } from 'node:fs';
console.log(readFileSync('/proc/self/status', 'utf8').split('\\n')[0]);
`,
  };
}

interface RunJson {
  ok: boolean;
  runs: { script: string; status: string; runId: string }[];
  notRun: { script: string; why: string }[];
  notes: string[];
}
type Statuses = Record<string, [string, string[]]>;

describe('a whole pipeline under several run configs (real runner)', () => {
  let p: RealProject;
  /** `args` with --json put before a `--` (what follows it goes to the scripts). */
  const json = (args: string[]): string[] => {
    const dd = args.indexOf('--');
    return dd < 0 ? [...args, '--json'] : [...args.slice(0, dd), '--json', ...args.slice(dd)];
  };
  const status = async (...args: string[]): Promise<Statuses> => {
    const r = await p.cli(json(['status', ...args]));
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { script: string; status: string; reasons: string[] }[];
    return Object.fromEntries(list.map((s) => [s.script, [s.status, s.reasons]]));
  };
  const run = async (...args: string[]): Promise<RunJson> => {
    const r = await p.cli(json(['run', ...args]));
    expect([0, 1], r.stderr).toContain(r.code);
    return JSON.parse(r.stdout) as RunJson;
  };
  /** Start and end of every run, by run id. */
  const times = (): Map<string, { script: string; start: number; end: number }> => {
    const db = new Database(join(p.root, '.simorg', 'simorg.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, script_path, started_at, ended_at FROM runs').all() as {
        id: string;
        script_path: string;
        started_at: number;
        ended_at: number;
      }[];
      return new Map(
        rows.map((r) => [r.id, { script: r.script_path, start: r.started_at, end: r.ended_at }]),
      );
    } finally {
      db.close();
    }
  };
  /** Every run of a reader in `r` started after the last run of `writer` in `r` ended. */
  const upstreamFirst = (r: RunJson, writer: string, readers: string[]) => {
    const t = times();
    const w = r.runs.filter((x) => x.script === writer).map((x) => t.get(x.runId)!);
    expect(w.length).toBeGreaterThan(0);
    const end = Math.max(...w.map((x) => x.end));
    for (const x of r.runs.filter((x) => readers.includes(x.script) && x.status === 'succeeded')) {
      expect(t.get(x.runId)!.start, `${x.script} started before ${writer} ended`).toBeGreaterThanOrEqual(end);
    }
  };

  beforeAll(async () => {
    p = new RealProject(files());
    expect((await p.cli(['init'])).code).toBe(0);
    const t = await p.cli(['track', GEN, ...READERS, SUMMARY, FAILS, SHELL, PROC]);
    expect(t.code, t.stderr).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('a new pipeline ends green on its first run --all: readers that ran before their writer are re-run once, saying why', async () => {
    const r = await run('--all', '--jobs', '2');
    // The one unrelated failure is the only one left.
    expect(r.ok).toBe(false);
    expect(r.notRun).toEqual([]);
    const last = new Map(r.runs.map((x) => [x.script, x.status]));
    for (const s of [GEN, ...READERS, SUMMARY, SHELL, PROC]) expect(last.get(s), s).toBe('succeeded');
    expect(last.get(FAILS)).toBe('failed');
    for (const n of r.notes)
      expect(n).toMatch(
        /^re-running .+: (data\/out\.csv|results\/a\.txt) was missing or being written when it ran, and .+ has written it since$/,
      );
    const st = await status();
    for (const s of [GEN, ...READERS, SUMMARY, PROC]) expect(st[s], s).toEqual(['fresh', []]);
    expect(st[FAILS]![0]).toBe('failed');
    expect(st[SHELL]).toEqual(['unverified', ['script only: inputs not tracked']]);
  });

  it('runtime files are not inputs: no tsx cache, source map or /proc path among the dependencies', async () => {
    const why = await p.json<{ dependencies: { kind: string; name: string }[] }>(['status', '--why', B]);
    const names = why.dependencies.map((d) => d.name);
    expect(names).toContain('data/out.csv');
    expect(names.filter((n) => /tsx-|\.map$|^\/proc|node_modules|\/dist\//.test(n))).toEqual([]);
    const dot = (await p.cli(['status', '--dot'])).stdout;
    expect(dot).not.toMatch(/tsx-|\/proc\//);
    // Read /proc/self/status, which differs on every run: still fresh on a second look.
    expect((await status())[PROC]).toEqual(['fresh', []]);
  });

  it('freshness is per run config: a quick run is not a final one, and the other way round', async () => {
    const quick = await run('--config', 'short', GEN);
    expect(quick.runs.map((x) => x.status)).toEqual(['succeeded']);
    const std = await status();
    expect(std[GEN]).toEqual(['stale', ['last run used config short, not std']]);
    for (const s of READERS) expect(std[s]![1]).toContain('data/out.csv changed');
    const short = await status('--config', 'short');
    expect(short[GEN]).toEqual(['fresh', []]);
    expect(short[A]![1]).toContain('last run used config std, not short');
    // --if-stale and --stale judge with the config they run with.
    const again = await p.cli(['run', '--if-stale', '--config', 'short', GEN]);
    expect(again.stdout).toBe(`${GEN} is fresh under run config short, not run\n`);
    const back = await run('--if-stale', '--config', 'std', GEN);
    expect(back.runs.map((x) => x.script)).toEqual([GEN]);
    const full = await run('--stale', '--config', 'full', '--jobs', '2');
    expect(new Set(full.runs.map((x) => x.script))).toEqual(
      new Set([GEN, ...READERS, SUMMARY, FAILS, SHELL, PROC]),
    );
    upstreamFirst(full, GEN, READERS);
    upstreamFirst(full, A, [SUMMARY]);
    expect((await status('--config', 'full'))[SUMMARY]).toEqual(['fresh', []]);
  });

  it('arguments count: a run with other arguments is not the one asked for', async () => {
    await run('--stale', '--jobs', '2');
    const withArgs = await run(GEN, '--', '--extra', 'a b');
    expect(withArgs.runs.map((x) => x.status)).toEqual(['succeeded']);
    expect((await status())[GEN]).toEqual(['stale', ["last run used arguments --extra 'a b', not (none)"]]);
    expect((await status('--', '--extra', 'a b'))[GEN]).toEqual(['fresh', []]);
    const r = await p.cli(['run', '--if-stale', GEN]);
    expect(r.stdout).toMatch(/^gen\/generate\.mjs succeeded in /);
  });

  it('after a change, run --all runs the writer before its readers, and all is fresh right after', async () => {
    p.write('lib/model.mjs', 'export const scale = 3;\n');
    const r = await run('--all', '--jobs', '2');
    upstreamFirst(r, GEN, READERS);
    upstreamFirst(r, A, [SUMMARY]);
    const st = await status();
    for (const s of [GEN, ...READERS, SUMMARY, PROC]) expect(st[s], s).toEqual(['fresh', []]);
  });

  it('an unrelated failure blocks nothing; a failed writer holds back only its own downstream, named', async () => {
    p.write('data/in.txt', '4 5 6\n');
    const stale = await run('--stale', '--jobs', '2');
    expect(stale.notRun).toEqual([]);
    const ran = new Set(stale.runs.map((x) => x.script));
    for (const s of [GEN, ...READERS, FAILS, SHELL]) expect(ran.has(s), s).toBe(true);
    // a.mjs wrote the same results/a.txt again (as many rows as before): its reader is left alone.
    expect(ran.has(SUMMARY)).toBe(false);
    expect(stale.notes).toContain(`${SUMMARY} is fresh after its upstream ran (same outputs), not run`);
    upstreamFirst(stale, GEN, READERS);
    for (const s of [GEN, ...READERS, SUMMARY]) expect((await status())[s], s).toEqual(['fresh', []]);

    p.write('lib/model.mjs', "throw new Error('model broken');\n");
    const broken = await run('--stale', '--jobs', '2');
    expect(new Set(broken.runs.map((x) => x.script))).toEqual(new Set([GEN, FAILS, SHELL]));
    expect(broken.notRun.map((n) => n.script).sort()).toEqual([...READERS, SUMMARY].sort());
    expect(broken.notRun.find((n) => n.script === A)!.why).toBe(`upstream ${GEN} did not succeed`);
    const text = await p.cli(['run', '--stale', '--jobs', '2']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${SUMMARY} not run: upstream ${GEN} did not succeed\n`);
    p.write('lib/model.mjs', 'export const scale = 3;\n');
  });

  it('a script simorg cannot see into is unverified, --why says why, and a new interpreter makes it stale', async () => {
    await run(SHELL);
    const why = await p.cli(['status', '--why', SHELL]);
    expect(why.stdout).toMatch(/unverified/);
    expect(why.stdout).toMatch(/only the script file itself is recorded/);
    expect((await p.cli(['status', '--exit-code', SHELL])).code).toBe(1);
    p.write('.simorgrc.json', JSON.stringify({ defaultRunConfig: 'std', interpreters: { '.sh': ['sh'] } }));
    expect((await status())[SHELL]).toEqual(['stale', ['interpreter bash -> sh']]);
    await run(SHELL);
    expect((await status())[SHELL]![0]).toBe('unverified');
  });
});
