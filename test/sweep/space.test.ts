import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { isSimorgError } from '../../src/errors.js';
import { configSweep } from '../../src/sweep/config-space.js';
import { defineSweep } from '../../src/sweep/define.js';
import { jobFolder } from '../../src/sweep/plan.js';
import { parseSweepOption, specValues } from '../../src/sweep/space.js';

const config = (sweeps: object = {}) => resolveConfig({ sweeps }, '/tmp/none', undefined);

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isSimorgError(err) && err.code.startsWith('E_')) return err.message;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('sweep spaces', () => {
  it('reads lists, range() and log() with their types', () => {
    expect(parseSweepOption('tau=0.01,0.02,0.05').points).toEqual([
      { tau: 0.01 },
      { tau: 0.02 },
      { tau: 0.05 },
    ]);
    expect(specValues('range(100, 1000, 4)', 'x')).toEqual([100, 400, 700, 1000]);
    expect(specValues('range(0, 1, 11)', 'x')).toContain(0.3);
    expect(specValues('log(1e-3,1,7)', 'x')).toEqual([
      0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1,
    ]);
    expect(specValues('lif, adex, true, 3', 'x')).toEqual(['lif', 'adex', true, 3]);
    expect(specValues('[[1,2],[3]]', 'x')).toEqual([[1, 2], [3]]);
  });

  it('crosses --sweep options, the first key varying slowest, with seeds fastest and constants in every job', () => {
    const d = defineSweep(config(), {
      sweeps: ['tau=1,2', 'n=range(10,20,2)'],
      seeds: 2,
      base: { model: 'lif' },
    });
    expect(d.name).toBe('tau-n-seed');
    expect(d.space.points.map((p) => [p.tau, p.n, p.seed])).toEqual([
      [1, 10, 0],
      [1, 10, 1],
      [1, 20, 0],
      [1, 20, 1],
      [2, 10, 0],
      [2, 10, 1],
      [2, 20, 0],
      [2, 20, 1],
    ]);
    expect(d.varying).toEqual(['tau', 'n', 'seed']);
    expect(d.constant).toEqual({ model: 'lif' });
  });

  it('reads config sweeps: product, concatenation (a set met twice once), seeds', () => {
    const c = config({
      grid: { space: { tau: [0.01, 0.02], n: 'range(1, 3, 3)' } },
      mixed: {
        space: {
          concat: [
            { model: 'lif', tau: '0.1,0.2' },
            { model: 'adex', a: 'log(1, 100, 3)' },
            { model: 'lif', tau: 0.1 },
          ],
        },
        seeds: 2,
      },
      nested: { space: { product: [{ x: [1, 2] }, { concat: [{ y: 1 }, { y: 2 }] }] } },
    });
    expect(configSweep(c, 'grid').space.points).toHaveLength(6);
    const mixed = configSweep(c, 'mixed').space.points;
    expect(mixed.map((p) => `${p.model}:${p.tau ?? p.a}:${p.seed}`)).toEqual([
      'lif:0.1:0',
      'lif:0.1:1',
      'lif:0.2:0',
      'lif:0.2:1',
      'adex:1:0',
      'adex:1:1',
      'adex:10:0',
      'adex:10:1',
      'adex:100:0',
      'adex:100:1',
    ]);
    expect(configSweep(c, 'nested').space.points).toEqual([
      { x: 1, y: 1 },
      { x: 1, y: 2 },
      { x: 2, y: 1 },
      { x: 2, y: 2 },
    ]);
  });

  it('names each bad space in one line: syntax, zero step, empty, key clash, unknown sweep', () => {
    expect(usageError(() => parseSweepOption('tau'))).toBe(
      'unknown sweep syntax "tau": expected name=values',
    );
    expect(usageError(() => parseSweepOption('n=range(5,5,3)'))).toBe(
      '--sweep n: the range has a zero step (start and stop are both 5)',
    );
    expect(usageError(() => parseSweepOption('n=range(1,5)'))).toMatch(/range\(\) takes three numbers/);
    expect(usageError(() => parseSweepOption('n=range(1,5,0)'))).toMatch(
      /count of values must be a whole number of 1 or more/,
    );
    expect(usageError(() => parseSweepOption('g=log(0,1,3)'))).toMatch(
      /a log range needs start and stop above 0/,
    );
    expect(usageError(() => parseSweepOption('n=linspace(1,5,3)'))).toMatch(/unknown function/);
    expect(usageError(() => parseSweepOption('tau='))).toBe('--sweep tau: the space is empty (no values)');
    expect(usageError(() => parseSweepOption('tau=1,,2'))).toMatch(/an empty value/);
    expect(usageError(() => defineSweep(config(), {}))).toBe('the sweep has an empty space: nothing to vary');
    expect(usageError(() => defineSweep(config(), { sweeps: ['tau=1,2', 'tau=3'] }))).toBe(
      "the sweep: the key 'tau' is on both sides of a product",
    );
    expect(usageError(() => defineSweep(config(), { sweeps: ['tau=1,2'], base: { tau: 3 } }))).toMatch(
      /the key 'tau' is on both sides/,
    );
    expect(usageError(() => defineSweep(config(), { sweeps: ['seed=1,2'], seeds: 2 }))).toMatch(
      /the key 'seed' is on both sides/,
    );
    const c = config({
      bad: { space: { product: [{ a: [1] }, { a: [2] }] } },
      empty: { space: { concat: [] } },
    });
    expect(usageError(() => configSweep(c, 'bad'))).toBe(
      "sweeps.bad.space.product: the key 'a' is on both sides of a product",
    );
    expect(usageError(() => configSweep(c, 'empty'))).toBe(
      'sweeps.empty.space.concat: must be a non-empty list of spaces',
    );
    expect(usageError(() => configSweep(c, 'nope'))).toBe("no sweep 'nope' in the config");
    expect(usageError(() => defineSweep(config(), { sweeps: ['a=1,2'], name: '../up' }))).toMatch(
      /cannot name a sweep/,
    );
  });

  it('names job folders by the varying keys, safe for any value', () => {
    expect(jobFolder({ tau: 0.01, n: 100, model: 'lif' }, ['tau', 'n'])).toBe('tau=0.01,n=100');
    expect(jobFolder({ path: 'a/b\\c', x: 1 }, ['path'])).toBe('path=a_b_c');
    expect(jobFolder({ s: 'x'.repeat(300) }, ['s'])).toMatch(/^s=x{98}~[0-9a-f]{8}$/);
  });
});
