import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, tempProject, type TempProject } from '../run/helpers.js';

// Queue commands that must do only what they were asked: ids cancel only those ids, an empty
// pattern is an error (never "every script"), and an absurd --jobs is capped rather than obeyed.

const states = (p: TempProject) => {
  const db = p.db();
  const rows = db.prepare('SELECT id, state FROM jobs ORDER BY id').all() as Array<{
    id: number;
    state: string;
  }>;
  db.close();
  return rows.map((r) => `${r.id}:${r.state}`);
};

describe('queue administration', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('`queue cancel <id>` cancels that job only; an empty pattern is a usage error that cancels nothing', async () => {
    p = tempProject({}, { 'a.sh': 'echo a\n', 'b.sh': 'echo b\n' });
    const q = JSON.parse((await p.cli(['queue', 'add', 'a.sh', 'b.sh', '--json'])).stdout).queued as number[];
    expect(q).toHaveLength(2);
    const c = await p.cli(['queue', 'cancel', String(q[0])]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`cancelled 1 job\\(s\\): ${q[0]}$`, 'm'));
    expect(states(p)).toEqual([`${q[0]}:cancelled`, `${q[1]}:queued`]);
    const empty = await p.cli(['queue', 'cancel', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty/);
    expect(states(p)).toEqual([`${q[0]}:cancelled`, `${q[1]}:queued`]);
    const add = await p.cli(['queue', 'add', '']);
    expect(add.code).toBe(2);
    expect(states(p)).toHaveLength(2);
  });

  it('`worker --jobs 1000000000` is capped at a few per CPU, says so, and stops on an empty queue', async () => {
    p = tempProject({}, { 'a.sh': 'echo a\n' });
    await p.cli(['queue', 'add', 'a.sh']);
    const w = p.spawn(['worker', '--jobs', '1000000000', '--once']);
    const err = collect(w.stderr);
    const killer = setTimeout(() => w.kill('SIGKILL'), 20_000);
    const [code] = await once(w, 'exit');
    clearTimeout(killer);
    expect(err.text()).toMatch(/--jobs 1000000000 is more than this machine can use; running \d+ at a time/);
    expect(code).toBe(0);
    expect(states(p)).toEqual(['1:done']);
  }, 30_000);
});
