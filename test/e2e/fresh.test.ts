import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFiles, RealProject } from '../fresh/project.js';

// The main test: a real project, the real runner, every kind of change, judged through
// `simorg status --json`.

const A = 'analysis_a.mjs';
const B = 'analysis_b.mjs';
const G = 'gen_data.mjs';
const FRESH = { [A]: ['fresh', []], [B]: ['fresh', []], [G]: ['fresh', []] };

describe('freshness end to end (real runner)', () => {
  let p: RealProject;

  /** `run --stale --all`: the scripts it ran, in order; then everything must be fresh. */
  const catchUp = async (extra: Record<string, string> = {}) => {
    const r = await p.json<{ ok: boolean; runs: { script: string; status: string }[] }>(
      ['run', '--stale', '--all', '--jobs', '2'],
      extra,
    );
    expect(r.ok).toBe(true);
    expect(await p.statuses()).toEqual(FRESH);
    return r.runs.map((x) => x.script);
  };

  beforeAll(async () => {
    p = new RealProject(pipelineFiles());
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    // Never-run scripts have no known order: the generator goes first by hand, once.
    expect((await p.cli(['run', G])).code).toBe(0);
    const all = await p.cli(['run', '--all']);
    expect(all.code, all.stdout + all.stderr).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('starts all fresh; --exit-code says 0', async () => {
    expect(await p.statuses()).toEqual(FRESH);
    expect((await p.cli(['status', '--exit-code'])).code).toBe(0);
  });

  it('script edit: only that script is stale; --exit-code says 1; run --stale runs exactly it', async () => {
    p.write(B, p.read(B) + '// edited\n');
    expect(await p.statuses()).toEqual({ ...FRESH, [B]: ['stale', ['script changed']] });
    expect((await p.cli(['status', '--exit-code'])).code).toBe(1);
    expect(await catchUp()).toEqual([B]);
  });

  it('library edit: its importers are stale, and so is what reads their outputs; upstream runs first', async () => {
    p.write('lib/model.mjs', 'export const scale = 3;\n');
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['lib/model.mjs changed', 'upstream gen_data.mjs is stale']],
      [B]: ['stale', ['upstream gen_data.mjs is stale']],
      [G]: ['stale', ['lib/model.mjs changed']],
    });
    const ran = await catchUp();
    expect(ran[0]).toBe(G);
    expect(ran.slice(1).sort()).toEqual([A, B]);
  });

  it('data edit and data removal name the file', async () => {
    p.write('data/input.csv', 'a\n1\n2\n3\n');
    expect(await p.statuses()).toEqual({ ...FRESH, [A]: ['stale', ['data/input.csv changed']] });
    rmSync(join(p.root, 'data/input.csv'));
    expect(await p.statuses()).toEqual({ ...FRESH, [A]: ['stale', ['data/input.csv missing']] });
    p.write('data/input.csv', 'a\n1\n2\n3\n');
    expect(await catchUp()).toEqual([A]);
  });

  it('upstream code edit makes downstream stale; a re-run with the same bytes makes it fresh again', async () => {
    p.write(G, p.read(G) + '// a comment only\n');
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['upstream gen_data.mjs is stale']],
      [B]: ['stale', ['upstream gen_data.mjs is stale']],
      [G]: ['stale', ['script changed']],
    });
    expect((await p.cli(['run', G])).code).toBe(0);
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('upstream re-run with different bytes: downstream stale because its input changed', async () => {
    expect((await p.cli(['run', G], { GEN_VALUE: '42' })).code).toBe(0);
    expect(await p.statuses()).toEqual({
      ...FRESH,
      [A]: ['stale', ['data/gen.csv changed']],
      [B]: ['stale', ['data/gen.csv changed']],
    });
    expect((await catchUp({ GEN_VALUE: '42' })).sort()).toEqual([A, B]);
  });

  it('touching files without changing them keeps everything fresh', async () => {
    const later = new Date(Date.now() + 3000);
    for (const f of ['lib/model.mjs', 'data/input.csv', 'data/gen.csv', A])
      utimesSync(join(p.root, f), later, later);
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('run config change: every script run with it is stale', async () => {
    p.write(
      '.simorgrc.json',
      JSON.stringify({ runConfigs: { std: { timeout: 120, env: { MODE: 'b' } } }, defaultRunConfig: 'std' }),
    );
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['run config std changed', 'upstream gen_data.mjs is stale']],
      [B]: ['stale', ['run config std changed', 'upstream gen_data.mjs is stale']],
      [G]: ['stale', ['run config std changed']],
    });
    const ran = await catchUp({ GEN_VALUE: '42' });
    expect(ran[0]).toBe(G);
  });

  it('package version change names the package and both versions', async () => {
    p.write(
      'node_modules/fakepkg/package.json',
      JSON.stringify({ name: 'fakepkg', version: '1.1.0', main: 'index.js' }),
    );
    expect(await p.statuses()).toEqual({ ...FRESH, [A]: ['stale', ['package fakepkg 1.0.0 -> 1.1.0']] });
    expect(await catchUp({ GEN_VALUE: '42' })).toEqual([A]);
  });

  it('run --if-stale on a fresh script exits 0 at once without running it', async () => {
    const before = p.runs().length;
    const t0 = Date.now();
    const r = await p.cli(['run', '--if-stale', B]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is fresh under run config std, not run');
    expect(p.runs().length).toBe(before);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('--why lists every dependency with its state, producer and upstream', async () => {
    p.write('lib/model.mjs', 'export const scale = 4;\n');
    const why = await p.json<{
      status: string;
      dependencies: {
        kind: string;
        name: string;
        state: string;
        then: string | null;
        now: string | null;
        producer?: string;
      }[];
      upstream: { script: string; status: string }[];
    }>(['status', '--why', A]);
    expect(why.status).toBe('stale');
    const dep = (name: string) => why.dependencies.find((d) => d.name === name);
    expect(dep(A)).toMatchObject({ kind: 'script', state: 'unchanged' });
    expect(dep('lib/model.mjs')).toMatchObject({ kind: 'module', state: 'changed' });
    expect(dep('lib/model.mjs')!.then).not.toBe(dep('lib/model.mjs')!.now);
    expect(dep('data/gen.csv')).toMatchObject({ kind: 'read', state: 'unchanged', producer: G });
    expect(dep('data/input.csv')).toMatchObject({ kind: 'read', state: 'unchanged' });
    expect(dep('fakepkg')).toMatchObject({
      kind: 'package',
      state: 'unchanged',
      then: '1.1.0',
      now: '1.1.0',
    });
    expect(dep('std')).toMatchObject({ kind: 'run-config', state: 'unchanged' });
    expect(why.upstream).toEqual([{ script: G, status: 'stale' }]);
    const text = await p.cli(['status', '--why', A]);
    expect(text.stdout).toMatch(/module\s+lib\/model\.mjs\s+changed/);
    expect(text.stdout).toContain('upstream: gen_data.mjs (stale)');
    await catchUp({ GEN_VALUE: '42' });
  });

  it('--dot draws scripts -> files -> scripts', async () => {
    const r = await p.cli(['status', '--dot']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('digraph simorg {')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('}')).toBe(true);
    const edges = [...r.stdout.matchAll(/^\s*"([^"]+)" -> "([^"]+)"/gm)].map((m) => `${m[1]} -> ${m[2]}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'script:gen_data.mjs -> file:data/gen.csv',
        'file:data/gen.csv -> script:analysis_a.mjs',
        'file:data/gen.csv -> script:analysis_b.mjs',
        'file:data/input.csv -> script:analysis_a.mjs',
        'file:lib/model.mjs -> script:gen_data.mjs',
      ]),
    );
    const nodes = [...r.stdout.matchAll(/^\s*"([^"]+)" \[/gm)].map((m) => m[1]);
    expect(nodes).toEqual(
      expect.arrayContaining(['script:gen_data.mjs', 'script:analysis_a.mjs', 'file:data/gen.csv']),
    );
    expect(r.stdout).toMatch(/"script:analysis_b.mjs" \[[^\]]*fillcolor="#8fd18f"/); // fresh: green
  });

  it('a never-run script: status says never-run and --why lists its static imports (tsx .js -> .ts)', async () => {
    p.write('lib/helper.ts', 'export const h = (n: number): number => n + 1;\n');
    p.write(
      'later.ts',
      "import { h } from './lib/helper.js';\nimport { scale } from './lib/model.mjs';\nconsole.log(h(scale));\n",
    );
    expect((await p.cli(['track', 'later.ts'])).code).toBe(0);
    expect((await p.statuses())['later.ts']).toEqual(['never-run', []]);
    const why = await p.json<{
      status: string;
      scanned: boolean;
      dependencies: { kind: string; name: string; state: string }[];
    }>(['status', '--why', 'later.ts']);
    expect(why.scanned).toBe(true);
    expect(why.dependencies.map((d) => `${d.kind} ${d.name} ${d.state}`)).toEqual([
      'script later.ts new',
      'module lib/helper.ts new',
      'module lib/model.mjs new',
    ]);
    expect((await p.cli(['status', '--exit-code'])).code).toBe(1);
    const r = await p.json<{ runs: { script: string }[] }>(['run', '--stale', '--all']);
    expect(r.runs.map((x) => x.script)).toEqual(['later.ts']);
    expect((await p.statuses())['later.ts']).toEqual(['fresh', []]);
  });
});
