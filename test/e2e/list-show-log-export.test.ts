import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

/** A small RFC 4180 reader, to prove the CSV parses back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\n') (row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = ''));
    else field += ch;
  }
  return rows;
}

describe('list, show, log, export', () => {
  let p: TempProject;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    p = tempProject(
      {},
      {
        'a.sh': 'echo "alpha, \\"quoted\\""\necho "err line" >&2\n',
        'b.sh': 'echo beta\nexit 3\n',
      },
    );
    const r = await p.cli(['run', 'a.sh', 'b.sh', '--json', '--reason', 'why, "with" commas', '--tag', 't1']);
    expect(r.code).toBe(1);
    for (const run of JSON.parse(r.stdout).runs) ids[run.script] = run.runId;
    // Parameters are written by sweeps; give one run some so the CSV has param columns.
    const db = p.db();
    db.prepare('UPDATE runs SET params_json = ? WHERE id = ?').run(
      JSON.stringify({ dt: 0.01, label: 'x,y' }),
      ids['a.sh'],
    );
    db.close();
  });
  afterAll(() => p.cleanup());

  it('list shows the newest runs, filters by script and prints JSON', async () => {
    const plain = await p.cli(['list']);
    expect(plain.stdout.split('\n')[0]).toMatch(
      /^run\s+script\s+status\s+config\s+started\s+duration\s+figures/,
    );
    expect(plain.stdout).toMatch(new RegExp(`${ids['b.sh']}\\s+b\\.sh\\s+failed`));
    const long = await p.cli(['list', '--long', 'b.sh']);
    expect(long.stdout).toMatch(/ exited with code 3\n$/);
    expect(long.stdout).not.toMatch(/a\.sh/);
    const json = JSON.parse((await p.cli(['list', '--json', '--limit', '1'])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ reason: 'why, "with" commas', tags: ['t1'] });
  });

  it('show takes a run id, a unique prefix or a script, and prints the whole record', async () => {
    const full = await p.cli(['show', ids['b.sh']!]);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/status\s+failed \(exit 3\)/);
    expect(full.stdout).toMatch(/machine/);
    const byPrefix = JSON.parse((await p.cli(['show', ids['a.sh']!.slice(0, 5), '--json'])).stdout);
    expect(byPrefix.runId).toBe(ids['a.sh']);
    expect(byPrefix.files).toEqual([
      expect.objectContaining({
        role: 'script',
        path: 'a.sh',
        hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(byPrefix.environment).toMatchObject({ node: process.version });
    expect(byPrefix.params).toEqual({ dt: 0.01, label: 'x,y' });
    const byScript = JSON.parse((await p.cli(['show', 'b.sh', '--json'])).stdout);
    expect(byScript.runId).toBe(ids['b.sh']);
    const missing = await p.cli(['show', 'nope.sh']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/'nope\.sh' is neither a run id nor a script with runs/);
  });

  it('reports an ambiguous run id prefix', async () => {
    const db = p.db();
    const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(ids['a.sh']) as Record<string, unknown>;
    for (const id of ['abcd00000001', 'abcd00000002']) {
      db.prepare(
        `INSERT INTO runs (${Object.keys(row).join(',')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(',')})`,
      ).run(...Object.values({ ...row, id }));
    }
    db.close();
    const r = await p.cli(['show', 'abcd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prefix 'abcd' is ambiguous: abcd00000001 \(a\.sh\), abcd00000002 \(a\.sh\)/);
    const db2 = p.db();
    db2.prepare("DELETE FROM runs WHERE id LIKE 'abcd%'").run();
    db2.close();
  });

  it('log prints stdout, or stderr', async () => {
    expect((await p.cli(['log', 'a.sh'])).stdout).toBe('alpha, "quoted"\n');
    expect((await p.cli(['log', ids['a.sh']!, '--stderr'])).stdout).toBe('err line\n');
  });

  it('export writes JSON and CSV that parse back, one row per run', async () => {
    const json = JSON.parse((await p.cli(['export'])).stdout);
    expect(json).toHaveLength(2);
    expect(json.find((r: { run_id: string }) => r.run_id === ids['a.sh'])).toMatchObject({
      status: 'succeeded',
      params: { dt: 0.01 },
    });
    const out = join(p.root, 'runs.csv');
    expect((await p.cli(['export', '--format', 'csv', '--out', 'runs.csv'])).code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const [header, ...data] = rows;
    expect(data).toHaveLength(2);
    expect(header).toEqual(
      expect.arrayContaining([
        'run_id',
        'script',
        'status',
        'exit_code',
        'duration_s',
        'reason',
        'param.dt',
        'param.label',
      ]),
    );
    const rec = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]]));
    const a = rec(data.find((r) => r[0] === ids['a.sh'])!);
    expect(a).toMatchObject({
      script: 'a.sh',
      status: 'succeeded',
      reason: 'why, "with" commas',
      'param.dt': '0.01',
      'param.label': 'x,y',
      tags: 't1',
    });
    const b = rec(data.find((r) => r[0] === ids['b.sh'])!);
    expect(b).toMatchObject({ status: 'failed', exit_code: '3', 'param.dt': '' });
    const bad = await p.cli(['export', '--format', 'xml']);
    expect(bad.code).toBe(2);
  });
});
