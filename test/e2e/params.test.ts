import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';
import { linkSimorg, REPO } from './params-helpers.js';

// Parameters end to end through the CLI on a real project: given with --param / --params / the
// run config, read by the script (params(), $SIMORG_PARAMS), kept in the record, judged by freshness.

const MODEL = `import { params } from 'simorg';
import { writeFileSync } from 'node:fs';
const p = params({ tau: 0.01, n: 100, model: 'lif', on: false });
writeFileSync('seen.json', JSON.stringify({ p, types: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? 'list' : typeof v])) }));
`;

const read = (p: TempProject, rel: string): string => readFileSync(join(p.root, rel), 'utf8');

describe('simorg run --param', () => {
  let p: TempProject;
  const seen = () =>
    JSON.parse(read(p, 'sims/seen.json')) as { p: Record<string, unknown>; types: Record<string, string> };
  beforeAll(() => {
    p = tempProject(
      { runConfigs: { std: { timeout: 60, params: { n: 5 } } } },
      {
        'sims/model.mjs': MODEL,
        'sims/typed.ts': `import { params } from 'simorg';
const p: { tau: number; label: string } = params({ tau: 0.5, label: 'x' });
console.log(p.tau.toFixed(3), p.label.toUpperCase());
`,
        'sims/other.sh': 'cat "$SIMORG_PARAMS" > from-sh.json\n',
      },
    );
    linkSimorg(p.root);
  });
  afterAll(() => p.cleanup());

  it('gives the script typed values over its defaults and the run config params, and records them', async () => {
    const r = await p.cli([
      'run',
      'sims/model.mjs',
      '--param',
      'tau=0.02',
      '-p',
      'on=true',
      '--param',
      'model=adex',
      '--param',
      'sizes=[1, 2]',
      '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(seen().p).toEqual({ tau: 0.02, n: 5, model: 'adex', on: true, sizes: [1, 2] });
    expect(seen().types).toEqual({
      tau: 'number',
      n: 'number',
      model: 'string',
      on: 'boolean',
      sizes: 'list',
    });
    const show = await p.cli(['show', 'sims/model.mjs', '--json']);
    expect(JSON.parse(show.stdout).params).toEqual({
      n: 5,
      model: 'adex',
      on: true,
      sizes: [1, 2],
      tau: 0.02,
    });
    expect((await p.cli(['show', 'sims/model.mjs'])).stdout).toMatch(
      /parameters\s+model=adex n=5 on=true sizes=\[1,2\] tau=0\.02\n/,
    );
    const list = await p.cli(['list', 'sims/model.mjs']);
    expect(list.stdout).toMatch(/params\n/);
    expect(list.stdout).toMatch(/model=adex n=5 on=true sizes=\[1,2\] tau=0\.02/);
  });

  it('reads a params file, JSON or YAML, with --param over it', async () => {
    p.write('p.yaml', 'tau: 0.3\nmodel: izh\nsizes:\n  - 3\n');
    expect((await p.cli(['run', 'sims/model.mjs', '--params', 'p.yaml', '--param', 'model=lif'])).code).toBe(
      0,
    );
    expect(seen().p).toEqual({ tau: 0.3, n: 5, model: 'lif', on: false, sizes: [3] });
    p.write('p.json', '{"n": 9, "nested": {"b": 1, "a": 2}}');
    expect((await p.cli(['run', 'sims/model.mjs', '--params', 'p.json'])).code).toBe(0);
    expect(seen().p).toMatchObject({ n: 9, nested: { a: 2, b: 1 } });
  });

  it('a typed TypeScript script and a shell script get them too', async () => {
    const ts = await p.cli(['run', 'sims/typed.ts', '--param', 'label=abc', '--json']);
    expect(ts.code, ts.stderr).toBe(0);
    expect((await p.cli(['log', 'sims/typed.ts'])).stdout).toBe('0.500 ABC\n');
    expect((await p.cli(['run', 'sims/other.sh', '--param', 'k=v'])).code).toBe(0);
    expect(JSON.parse(read(p, 'sims/from-sh.json'))).toEqual({ k: 'v', n: 5 });
  });

  it('run outside simorg, params() returns the defaults', () => {
    const out = execFileSync(
      process.execPath,
      [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'sims/typed.ts'],
      {
        cwd: p.root,
        env: { ...process.env, SIMORG_PARAMS: '' },
        encoding: 'utf8',
      },
    );
    expect(out).toBe('0.500 X\n');
  });

  it('judges freshness by the parameters: another value is stale, with the reason', async () => {
    expect((await p.cli(['run', 'sims/model.mjs', '--param', 'tau=0.02'])).code).toBe(0);
    const same = JSON.parse(
      (await p.cli(['status', 'sims/model.mjs', '--param', 'tau=0.02', '--json'])).stdout,
    );
    expect(same[0]).toMatchObject({ status: 'fresh', reasons: [] });
    const other = JSON.parse(
      (await p.cli(['status', 'sims/model.mjs', '--param', 'tau=0.01', '--json'])).stdout,
    );
    expect(other[0]).toMatchObject({ status: 'stale', reasons: ['param tau 0.02 -> 0.01'] });
    const none = JSON.parse((await p.cli(['status', 'sims/model.mjs', '--json'])).stdout);
    expect(none[0].reasons).toEqual(['param tau 0.02 -> (none)']);
    // The run config's own params are part of what is judged: the same value given twice is the same run.
    const cfg = JSON.parse(
      (await p.cli(['status', 'sims/model.mjs', '-p', 'tau=0.02', '-p', 'n=5', '--json'])).stdout,
    );
    expect(cfg[0].status).toBe('fresh');
    const skip = await p.cli(['run', 'sims/model.mjs', '--if-stale', '--param', 'tau=0.02']);
    expect(skip.stdout).toMatch(/is fresh under run config std, not run/);
    const again = await p.cli(['run', 'sims/model.mjs', '--if-stale', '--param', 'tau=0.05']);
    expect(again.stdout).toMatch(/succeeded/);
    const why = await p.cli(['status', '--why', 'sims/model.mjs', '--param', 'tau=0.02']);
    expect(why.stdout).toMatch(/judged under run config std with parameters n=5 tau=0\.02/);
    expect(why.stdout).toMatch(/because: param tau 0\.05 -> 0\.02/);
  });
});

describe('bad parameters: one clear line, exit 2, nothing queued', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject({}, { 'a.sh': 'echo ran\n' });
    p.write('list.json', '[1, 2]');
    p.write('broken.json', '{"tau": ');
    p.write('broken.yaml', 'tau: [1, 2\n');
    p.write('p.toml', 'tau = 1\n');
  });
  afterAll(() => p.cleanup());

  const cases: Array<[string, string[], RegExp]> = [
    ['no =', ['--param', 'tau'], /^simorg: unknown parameter syntax "tau": expected name=value\n/],
    ['no name', ['--param', '=3'], /^simorg: unknown parameter syntax "=3"/],
    ['a bad name', ['--param', '1x=3'], /^simorg: unknown parameter syntax "1x=3"/],
    [
      'broken JSON value',
      ['--param', 'l=[1,'],
      /^simorg: parameter value "\[1," starts like JSON but is not valid JSON/,
    ],
    ['a missing file', ['--params', 'nope.yaml'], /^simorg: params file nope\.yaml does not exist\n/],
    [
      'a list file',
      ['--params', 'list.json'],
      /^simorg: params file list\.json must hold an object of name: value pairs, not a list\n/,
    ],
    ['broken JSON', ['--params', 'broken.json'], /^simorg: params file broken\.json: /],
    ['broken YAML', ['--params', 'broken.yaml'], /^simorg: params file broken\.yaml:\d+:\d+: /],
    [
      'another format',
      ['--params', 'p.toml'],
      /^simorg: params file p\.toml is neither \.json nor \.yaml\/\.yml\n/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await p.cli(['run', 'a.sh', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(r.stdout).toBe('');
      const db = p.db();
      const jobs = db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number };
      const runs = db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number };
      db.close();
      expect([jobs.n, runs.n]).toEqual([0, 0]);
    });
  }

  it('a bad parameter name in the run config is a config error naming it', async () => {
    const q = tempProject({ runConfigs: { std: { params: { 'bad name': 1 } } } }, { 'a.sh': 'echo ran\n' });
    try {
      const r = await q.cli(['run', 'a.sh']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/"bad name" in 'runConfigs\.std\.params' is not a parameter name/);
    } finally {
      q.cleanup();
    }
  });
});
