import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  concat,
  dimension,
  logRange,
  openProject,
  product,
  range,
  runSweep,
  withSeeds,
} from '../../src/index.js';
import { tempProject, type TempProject } from '../run/helpers.js';

// The TypeScript API for scripts that build spaces: the same spaces and the same resumable sweep
// as `simorg sweep`, on a real project (a shell script, which reads $SIMORG_PARAMS as JSON).
describe('sweep API', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject({}, { 'job.sh': 'cat "$SIMORG_PARAMS" > "out-$$.json"\n' });
  });
  afterAll(() => p.cleanup());

  it('builds spaces and runs them, resuming on a second call', async () => {
    expect(range(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(logRange(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
    const space = withSeeds(
      concat([product([dimension('a', [1, 2]), dimension('b', ['x'])]), dimension('a', [3])]),
      2,
    );
    expect(space.points).toEqual([
      { a: 1, b: 'x', seed: 0 },
      { a: 1, b: 'x', seed: 1 },
      { a: 2, b: 'x', seed: 0 },
      { a: 2, b: 'x', seed: 1 },
      { a: 3, seed: 0 },
      { a: 3, seed: 1 },
    ]);
    const project = await openProject(p.root);
    try {
      const first = await runSweep(project, 'job.sh', space, { name: 'api', maxConcurrency: 2 });
      expect(first.result).toMatchObject({ ok: true, cancelled: 0 });
      expect(first.result!.outcomes).toHaveLength(6);
      expect(first.jobs.map((j) => j.figuresSubdir)).toContain('api/a=3,seed=1');
      const again = await runSweep(project, 'job.sh', space, { name: 'api' });
      expect(again.result!.outcomes).toHaveLength(0);
      expect(again.jobs.every((j) => j.action === 'skip' && /unverified/.test(j.why))).toBe(true);
      const dry = await runSweep(
        project,
        'job.sh',
        withSeeds(product([dimension('a', [1, 9]), dimension('b', ['x'])]), 2),
        { name: 'api', dryRun: true },
      );
      expect(dry.jobs.map((j) => j.action)).toEqual(['skip', 'skip', 'run', 'run']);
      expect(dry.result).toBeNull();
    } finally {
      project.close();
    }
  });
});
