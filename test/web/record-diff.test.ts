import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/store/run-record.js';
import { recordDiff } from '../../src/web/pages/record-diff.js';

// The Compare page's record difference: what changed between two runs, nothing that did not.
const base: RunRecord = {
  runId: 'aaaaaaaaaaaa',
  script: 'sims/a.mjs',
  scriptHash: 'h1'.repeat(16),
  status: 'succeeded',
  runConfig: 'std',
  config: { timeout: 60, env: {}, argv: [] },
  argv: [],
  reason: null,
  tags: [],
  params: { n: 1 },
  metrics: {},
  exitCode: 0,
  signal: null,
  error: null,
  startedAt: 1,
  endedAt: 2,
  durationMs: 1,
  stdoutPath: null,
  stderrPath: null,
  git: { commit: 'c1', dirty: false },
  packages: { canvas: '3.2.0' },
  environment: { node: 'v20', host: 'h' },
  worker: null,
  files: [
    { role: 'read', path: 'amp.txt', hash: 'a'.repeat(32), size: 3 },
    { role: 'module', path: 'lib.mjs', hash: 'm'.repeat(32), size: 9 },
  ],
  figures: [],
};

describe('recordDiff', () => {
  it('is empty for the same record, whatever its id and times', () => {
    expect(
      recordDiff(base, { ...base, runId: 'bbbbbbbbbbbb', startedAt: 5, endedAt: 9, durationMs: 4 }),
    ).toEqual([]);
  });

  it('names each difference in code, config, params, env, inputs, modules, packages and outcome', () => {
    const b: RunRecord = {
      ...base,
      scriptHash: 'h2'.repeat(16),
      git: { commit: 'c2', dirty: true },
      runConfig: 'short',
      config: { timeout: 10, env: { SIM_QUICK: '1' }, argv: [] },
      params: { n: 2 },
      environment: { node: 'v22', host: 'h' },
      packages: { canvas: '3.2.3' },
      status: 'failed',
      error: { message: 'boom', stack: null },
      files: [
        { role: 'read', path: 'amp.txt', hash: 'b'.repeat(32), size: 3 },
        { role: 'read', path: 'new.csv', hash: 'c'.repeat(32), size: 1 },
      ],
    };
    const rows = recordDiff(base, b).map((r) => `${r.section} ${r.name}: ${r.a} -> ${r.b}`);
    expect(rows).toEqual([
      'code script: h1h1h1h1h1h1 -> h2h2h2h2h2h2',
      'code git commit: c1 -> c2',
      'code git dirty: false -> true',
      'config run config: std -> short',
      'config timeout: 60 -> 10',
      'config env set: {} -> {"SIM_QUICK":"1"}',
      'params n: 1 -> 2',
      'env node: v20 -> v22',
      'modules lib.mjs: mmmmmmmmmmmm -> -',
      'inputs amp.txt: aaaaaaaaaaaa -> bbbbbbbbbbbb',
      'inputs new.csv: - -> cccccccccccc',
      'packages canvas: 3.2.0 -> 3.2.3',
      'outcome status: succeeded -> failed',
      'outcome error: - -> boom',
    ]);
  });
});
