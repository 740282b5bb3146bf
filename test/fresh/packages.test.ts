import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InstalledPackages } from '../../src/fresh/packages.js';

// A real node_modules tree with a hoisted copy and a nested copy of the same package, as npm lays
// out vega's own vega-expression beside a newer hoisted one.
const root = mkdtempSync(join(tmpdir(), 'simorg-pkgs-'));
const pkg = (dir: string, name: string, version: string) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version }));
};
pkg(join(root, 'node_modules', 'chart'), 'chart', '4.0.0');
pkg(join(root, 'node_modules', 'expr'), 'expr', '6.2.2');
pkg(join(root, 'node_modules', 'chart', 'node_modules', 'expr'), 'expr', '6.1.0');
pkg(join(root, 'node_modules', '@sci', 'plot'), '@sci/plot', '1.0.0');
pkg(join(root, 'node_modules', '@sci', 'plot', 'node_modules', 'expr'), 'expr', '5.0.0');
mkdirSync(join(root, 'sims', 'deep'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('InstalledPackages', () => {
  it('finds a package upwards from the script folder', () => {
    const p = new InstalledPackages();
    expect(p.version(join(root, 'sims', 'deep'), 'chart')).toBe('4.0.0');
    expect(p.version(join(root, 'sims', 'deep'), 'expr')).toBe('6.2.2');
  });

  it('finds the nested copy a package itself resolves, for a chained key', () => {
    const p = new InstalledPackages();
    expect(p.version(join(root, 'sims'), 'chart>expr')).toBe('6.1.0');
    expect(p.version(join(root, 'sims'), '@sci/plot>expr')).toBe('5.0.0');
  });

  it('falls back to the hoisted copy when the nested one is gone, as Node would', () => {
    rmSync(join(root, 'node_modules', 'chart', 'node_modules'), { recursive: true });
    expect(new InstalledPackages().version(join(root, 'sims'), 'chart>expr')).toBe('6.2.2');
  });

  it('answers null for a package that is not installed', () => {
    expect(new InstalledPackages().version(join(root, 'sims'), 'nothing-here')).toBeNull();
    expect(new InstalledPackages().version(join(root, 'sims'), 'chart>nothing-here')).toBeNull();
  });
});
