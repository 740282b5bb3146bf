import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/project.js';
import { runBatch, type RunEvent } from '../../src/run/batch.js';
import { claimJob, enqueue } from '../../src/run/queue.js';
import { listScripts } from '../../src/track/scripts.js';
import { tempProject, type TempProject } from './helpers.js';

describe('runBatch (the contract `simorg watch` uses)', () => {
  let p: TempProject;
  let project: Project;
  beforeAll(async () => {
    p = tempProject(
      { runConfigs: { t: { timeout: 30 } } },
      {
        'a.sh': 'echo a\n',
        'b.sh': 'echo b; exit 2\n',
        'c.sh': 'sleep 0.2; echo c\n',
        'slow.sh': 'sleep 20\n',
      },
    );
    project = await openProject(p.root);
  });
  afterAll(() => {
    project.close();
    p.cleanup();
  });

  it('runs the scripts with N workers and reports each run and every event', async () => {
    const scripts = listScripts(project).filter((s) => s.path !== 'slow.sh');
    const events: RunEvent[] = [];
    const res = await runBatch(project, scripts, {
      runConfig: 't',
      jobs: 2,
      onEvent: (e) => events.push(e),
      tags: ['w'],
    });
    expect(res.ok).toBe(false);
    expect(res.runs.map((r) => [r.script, r.status])).toEqual([
      ['a.sh', 'succeeded'],
      ['b.sh', 'failed'],
      ['c.sh', 'succeeded'],
    ]);
    expect(res.runs.every((r) => /^[0-9a-f]{12}$/.test(r.runId) && typeof r.durationMs === 'number')).toBe(
      true,
    );
    expect(events.filter((e) => e.type === 'start')).toHaveLength(3);
    expect(new Set(events.map((e) => e.worker))).toEqual(new Set([0, 1]));
    const ok = await runBatch(
      project,
      scripts.filter((s) => s.path !== 'b.sh'),
      { runConfig: 't' },
    );
    expect(ok.ok).toBe(true);
  });

  it('stops at once on abort: the running script is killed and recorded cancelled', async () => {
    const ctl = new AbortController();
    const slow = listScripts(project).filter((s) => s.path === 'slow.sh');
    const t0 = Date.now();
    const res = await runBatch(project, slow, {
      runConfig: 't',
      signal: ctl.signal,
      onEvent: (e) => e.type === 'start' && setTimeout(() => ctl.abort(), 300),
    });
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(res.runs).toMatchObject([{ script: 'slow.sh', status: 'cancelled' }]);
    expect(res.ok).toBe(false);
  });

  it('a claim skips a job whose script is running elsewhere', () => {
    const [a] = listScripts(project);
    enqueue(
      project.db,
      [
        { scriptId: a!.id, runConfig: 't' },
        { scriptId: a!.id, runConfig: 't' },
      ],
      'twice',
    );
    const first = claimJob(project.db, { host: 'elsewhere', pid: 1 }, { batch: 'twice' });
    expect(first).not.toBeNull();
    expect(claimJob(project.db, { host: 'elsewhere', pid: 2 }, { batch: 'twice' })).toBeNull();
    project.db.prepare("UPDATE jobs SET state = 'cancelled' WHERE batch = 'twice'").run();
  });
});
