// How the CLI reads the names users type: the end of a script path, run id prefixes, list filters,
// untracked scripts' history, --cwd before the command, `--` ending the options, and empty names.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

type Listed = Array<{ runId: string; script: string; status: string; runConfig: string; tags: string[] }>;

describe('names on the command line', () => {
  let p: TempProject;
  const ids: Record<string, string> = {};
  const list = async (...args: string[]) => {
    const r = await p.cli(['list', '--json', ...args]);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Listed;
  };
  beforeAll(async () => {
    p = tempProject(
      {},
      {
        'sims/deep/bad.sh': 'echo bad out\nexit 4\n',
        'sims/good.sh': 'echo good out\n',
        'sims/dup.sh': 'echo one\n',
        'other/dup.sh': 'echo two\n',
        'old/gone.sh': 'echo old out\n',
      },
    );
    const first = await p.cli([
      'run',
      'sims',
      'other',
      'old',
      '--json',
      '--config',
      'short',
      '--tag',
      'nightly',
    ]);
    for (const r of JSON.parse(first.stdout).runs) ids[r.script] = r.runId;
    const second = await p.cli([
      'run',
      'sims/good.sh',
      '--json',
      '--config',
      'std',
      '--tag',
      'paper',
      '--tag',
      'v2',
    ]);
    ids['good-std'] = JSON.parse(second.stdout).runs[0].runId;
    expect((await p.cli(['untrack', 'old/gone.sh'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('show, log and list take the unique end of a script path', async () => {
    const shown = JSON.parse((await p.cli(['show', 'bad.sh', '--json'])).stdout);
    expect(shown.runId).toBe(ids['sims/deep/bad.sh']);
    expect((await p.cli(['show', 'deep/bad.sh', '--json'])).stdout).toContain(ids['sims/deep/bad.sh']);
    expect((await p.cli(['log', 'bad.sh'])).stdout).toBe('bad out\n');
    expect((await list('bad.sh')).map((r) => r.runId)).toEqual([ids['sims/deep/bad.sh']]);
    // From a subfolder the name is first taken relative to it, then as the end of a path.
    expect((await p.cli(['log', 'good.sh'], { cwd: join(p.root, 'other') })).stdout).toBe('good out\n');
    // The end must fall on a folder boundary: `ad.sh` is not `bad.sh`.
    const partial = await p.cli(['show', 'ad.sh']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/'ad\.sh' is neither a run id nor a script with runs/);
  });

  it('an ambiguous end of a path lists the candidates and exits 2', async () => {
    for (const cmd of ['show', 'log', 'list']) {
      const r = await p.cli([cmd, 'dup.sh']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        "simorg: 'dup.sh' could be any of 2 scripts: other/dup.sh, sims/dup.sh\n  give more of the path\n",
      );
    }
    expect((await p.cli(['log', 'sims/dup.sh'])).stdout).toBe('one\n');
  });

  it('a run id prefix that is too short says the minimum; an ambiguous one lists candidates', async () => {
    const id = ids['sims/good.sh']!;
    const short = await p.cli(['show', id.slice(0, 3)]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(
      /^simorg: run id prefix '[0-9a-f]{3}' is too short: give at least 4 characters\n/,
    );
    expect(JSON.parse((await p.cli(['show', id.slice(0, 6).toUpperCase(), '--json'])).stdout).runId).toBe(id);
    const db = p.db();
    const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown>;
    for (const fake of ['f00d00000001', 'f00d00000002']) {
      db.prepare(
        `INSERT INTO runs (${Object.keys(row).join(',')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(',')})`,
      ).run(...Object.values({ ...row, id: fake }));
    }
    db.close();
    try {
      const amb = await p.cli(['log', 'f00d']);
      expect(amb.code).toBe(2);
      expect(amb.stderr).toMatch(
        /prefix 'f00d' is ambiguous: f00d00000001 \(sims\/good\.sh\), f00d00000002 \(sims\/good\.sh\)\n {2}give more characters/,
      );
    } finally {
      const db2 = p.db();
      db2.prepare("DELETE FROM runs WHERE id LIKE 'f00d%'").run();
      db2.close();
    }
  });

  it('list filters by --status, --tag and --config', async () => {
    expect((await list('--status', 'failed')).map((r) => r.script)).toEqual(['sims/deep/bad.sh']);
    expect((await list('--status', 'failed,succeeded')).length).toBe(6);
    expect((await list('--tag', 'v2')).map((r) => r.runId)).toEqual([ids['good-std']]);
    expect((await list('--tag', 'paper', '--tag', 'nightly')).length).toBe(6);
    expect((await list('--config', 'std')).map((r) => r.runId)).toEqual([ids['good-std']]);
    expect(
      (await list('--config', 'short', '--status', 'succeeded', 'sims')).map((r) => r.script).sort(),
    ).toEqual(['sims/dup.sh', 'sims/good.sh']);
    const none = await p.cli(['list', '--tag', 'nope']);
    expect(none).toMatchObject({ code: 0, stdout: 'no recorded run matches\n' });
    const bad = await p.cli(['list', '--status', 'done']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /unknown run status 'done'\n {2}a run's status is one of running, succeeded, failed, timed-out, cancelled/,
    );
    expect((await p.cli(['list', '--tag', ''])).code).toBe(2);
  });

  it("list, show and log read an untracked script's kept history", async () => {
    expect((await list('old/gone.sh')).map((r) => r.runId)).toEqual([ids['old/gone.sh']]);
    expect((await list('gone.sh')).map((r) => r.runId)).toEqual([ids['old/gone.sh']]);
    expect((await p.cli(['log', 'gone.sh'])).stdout).toBe('old out\n');
    // Still not a tracked script for the commands that act on tracked ones.
    const ls = await p.cli(['ls', 'old/gone.sh']);
    expect(ls.code).toBe(2);
  });

  it('--cwd works before the command name', async () => {
    const elsewhere = join(p.root, '..');
    for (const args of [
      ['--cwd', p.root, 'list', '--json'],
      [`--cwd=${p.root}`, 'list', '--json'],
    ]) {
      const r = await p.cli(args, { cwd: elsewhere });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toHaveLength(6);
    }
    const sub = await p.cli(['--cwd', join(p.root, 'sims'), 'log', 'deep/bad.sh'], { cwd: elsewhere });
    expect(sub.stdout).toBe('bad out\n');
    const missing = await p.cli(['--cwd']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--cwd needs a folder/);
  });

  it('`--` ends the options; only run and queue add pass what follows to the scripts', async () => {
    p.write('-x.sh', 'echo dash\n');
    const tracked = await p.cli(['track', '--', '-x.sh']);
    expect(tracked).toMatchObject({ code: 0, stdout: 'tracked -x.sh\n' });
    expect((await p.cli(['ls', '--json', '--', '-x.sh'])).stdout).toContain('"path": "-x.sh"');
    p.write('args.sh', 'echo "args: $*"\n');
    p.track(['args.sh']);
    const run = await p.cli(['run', 'args.sh', '--json', '--', '--flag', 'x']);
    expect((await p.cli(['log', JSON.parse(run.stdout).runs[0].runId])).stdout).toBe('args: --flag x\n');
    expect((await p.cli(['untrack', '--', '-x.sh'])).stdout).toBe('untracked -x.sh\n');
  });

  it('an empty name is a usage error, never every script', async () => {
    for (const args of [
      ['run', ''],
      ['untrack', ''],
      ['status', ''],
      ['ls', ''],
      ['list', ''],
      ['show', ''],
      ['log', ''],
      ['track', ''],
      ['run', 'sims/good.sh', ' '],
    ]) {
      const r = await p.cli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(
        /^simorg: an empty (script name|run id or script) names nothing\n {2}give a path/,
      );
    }
    // Nothing was untracked, nothing ran.
    expect(JSON.parse((await p.cli(['ls', '--json'])).stdout).length).toBe(5);
    expect(await list('--limit', '100')).toHaveLength(7);
    expect(existsSync(join(p.root, 'old/gone.sh'))).toBe(true);
  });
});
