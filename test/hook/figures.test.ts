import { describe, expect, it } from 'vitest';
import { safeName } from '../../src/hook/figures.js';
import { detectScript } from '../../src/hook/script-path.js';

describe('figure names', () => {
  it('defaults to figure_<n>, counting from 1', () => {
    expect(safeName(undefined, 0)).toBe('figure_1');
    expect(safeName(undefined, 11)).toBe('figure_12');
  });

  it('makes names safe in file names on every OS', () => {
    expect(safeName('voltage-trace', 0)).toBe('voltage-trace');
    expect(safeName('V_m vs t (ms)', 0)).toBe('V_m-vs-t-ms');
    expect(safeName('../../etc/passwd', 0)).toBe('etc-passwd');
    expect(safeName('Réponse: ñ*?', 0)).toBe('Reponse-n');
    expect(safeName('con:<>|"', 3)).toBe('con');
    expect(safeName('///', 3)).toBe('figure_4');
    expect(safeName('x'.repeat(200), 0)).toHaveLength(80);
  });
});

describe('the script location', () => {
  it('resolves argv[1] against the working directory', () => {
    expect(detectScript(['node', 'sims/a.mjs'], '/home/u/p')).toEqual({
      path: '/home/u/p/sims/a.mjs',
      dir: '/home/u/p/sims',
      stem: 'a',
    });
    expect(detectScript(['node', '/x/run.test.ts'], '/y')).toEqual({
      path: '/x/run.test.ts',
      dir: '/x',
      stem: 'run.test',
    });
    expect(detectScript(['node'], '/y')).toEqual({ dir: '/y', stem: 'eval' });
  });
});
