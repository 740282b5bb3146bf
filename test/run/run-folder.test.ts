import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/project.js';
import { claimJob, enqueue } from '../../src/run/queue.js';
import { listJobs } from '../../src/run/queue-admin.js';
import { endRow, startRow } from '../../src/run/record-writer.js';
import { writeStart } from '../../src/store/run-rows.js';
import { completePendingRuns, runDir, writeOutcome } from '../../src/run/run-folder.js';
import { listScripts } from '../../src/track/scripts.js';
import { tempProject, type TempProject } from './helpers.js';

// Runs whose end reached their folder but not the database are recorded from the folder by the
// next command, with the outcome they had.

describe('completing runs from their folders', () => {
  let p: TempProject;
  let project: Project;
  beforeAll(async () => {
    p = tempProject({}, { 'a.sh': 'echo a\n', 'b.sh': 'echo b\n' });
    project = await openProject(p.root);
  });
  afterAll(() => {
    project.close();
    p.cleanup();
  });

  // A job claimed by this (live) process, its start recorded and its end only in its folder.
  const pendingRun = (path: string, startedAt: number, worker = { host: 'here', pid: process.pid }) => {
    const script = listScripts(project).find((s) => s.path === path)!;
    enqueue(project.db, [{ scriptId: script.id, runConfig: 'std' }]);
    const job = claimJob(project.db, worker, {}, project.root)!;
    const start = startRow(
      {
        job,
        config: project.config.runConfigs.std!,
        scriptHash: 'h',
        startedAt,
        stdoutPath: null,
        stderrPath: null,
        git: { commit: null, dirty: null },
        env: { node: '', host: '', os: '', cpu: '', cpus: 1, memoryBytes: 0, user: '' },
        worker,
      },
      1,
    );
    writeStart(project.db, start);
    const end = endRow(project.db, project.root, {
      runId: job.runId,
      jobId: job.id,
      status: 'succeeded',
      exitCode: 0,
      signal: null,
      error: null,
      endedAt: startedAt + 1234,
      startedAt,
      scriptAbs: `${project.root}/${path}`,
      manifest: null,
      jobState: 'done',
    });
    mkdirSync(runDir(project.root, job.runId), { recursive: true });
    writeOutcome(runDir(project.root, job.runId), { start, end });
    return { job, start, end };
  };
  const run = (id: string) => project.db.prepare('SELECT status, duration_ms FROM runs WHERE id = ?').get(id);

  it('completePendingRuns records them (as list or status would at their start), leaving no temporary file', () => {
    const { job } = pendingRun('a.sh', Date.now() - 5000);
    expect(run(job.runId)).toEqual({ status: 'running', duration_ms: null });
    expect(completePendingRuns(project.db, project.root)).toBe(1);
    expect(run(job.runId)).toEqual({ status: 'succeeded', duration_ms: 1234 });
    expect(project.db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(job.id)).toBe('done');
    expect(completePendingRuns(project.db, project.root)).toBe(0);
    expect(readdirSync(runDir(project.root, job.runId))).toEqual(['outcome.json']);
  });

  it('the queue sweep records them too, even while their worker is alive', () => {
    const { job } = pendingRun('b.sh', Date.now() - 3000);
    expect(listJobs(project.db, project.root).find((j) => j.id === job.id)).toBeUndefined();
    expect(run(job.runId)).toEqual({ status: 'succeeded', duration_ms: 1234 });
  });

  it('an outcome the database refuses does not stop the queue: its job is settled as abandoned when its worker is dead', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has just exited
    const { job, start, end } = pendingRun('a.sh', Date.now() - 3000, { host: hostname(), pid: dead });
    writeOutcome(runDir(project.root, job.runId), {
      start,
      end: { ...end, figures: [{ index: null as unknown as number, name: 'x', format: 'png', path: 'x' }] },
    });
    expect(() => listJobs(project.db, project.root)).not.toThrow();
    expect(project.db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(job.id)).toBe('abandoned');
    expect(run(job.runId)).toMatchObject({ status: 'failed' });
    expect(project.db.prepare('SELECT count(*) FROM figures WHERE run_id = ?').pluck().get(job.runId)).toBe(
      0,
    );
  });
});
