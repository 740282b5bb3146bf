import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { configSweep } from '../../src/sweep/config-space.js';

// A space of files matched by a pattern, the fields it captures becoming parameters, on real files.
describe('files space', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'simorg-files-space-'));
    for (const f of [
      'data/s01/run1.csv',
      'data/s01/run2.csv',
      'data/s02/run1.csv',
      'data/s02/notes.txt',
      'data/s03/run1.csv.bak',
    ]) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), 'x\n');
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const sweep = (space: object) =>
    configSweep(resolveConfig({ sweeps: { s: { space } } }, root, undefined), 's').space;

  it('gives one job per matching file, with the captured fields typed (zeros kept)', () => {
    expect(sweep({ files: 'data/s{subject}/run{run}.csv' }).points).toEqual([
      { file: 'data/s01/run1.csv', subject: '01', run: 1 },
      { file: 'data/s01/run2.csv', subject: '01', run: 2 },
      { file: 'data/s02/run1.csv', subject: '02', run: 1 },
    ]);
    expect(sweep({ files: 'data/*/run1.csv', as: 'input' }).points).toEqual([
      { input: 'data/s01/run1.csv' },
      { input: 'data/s02/run1.csv' },
    ]);
  });

  it('crosses and concatenates with other spaces', () => {
    const s = sweep({ product: [{ files: 'data/s02/run{run}.csv' }, { tau: [1, 2] }] });
    expect(s.points).toEqual([
      { file: 'data/s02/run1.csv', run: 1, tau: 1 },
      { file: 'data/s02/run1.csv', run: 1, tau: 2 },
    ]);
  });

  it('says when nothing matches, or the pattern leaves the project', () => {
    expect(() => sweep({ files: 'data/*/none{x}.csv' })).toThrow(
      /sweeps\.s\.space\.files: no file matches "data\/\*\/none\{x\}\.csv"/,
    );
    expect(() => sweep({ files: '../elsewhere/*.csv' })).toThrow(/must be a pattern inside the project/);
    expect(() => sweep({ files: 'data/{file}/run1.csv' })).toThrow(
      /the field \{file\} has the name the file itself takes/,
    );
  });
});
