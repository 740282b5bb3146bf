import { describe, expect, it } from 'vitest';
import { createFlags, envSwitch, flagsFromEnv, FormatsError, parseFormats } from '../../src/hook/flags.js';

describe('flags', () => {
  it('treats a set variable as on, even empty, except 0/false/no/off', () => {
    expect(envSwitch(undefined)).toBe(false);
    for (const v of ['', '1', 'yes', 'anything']) expect(envSwitch(v)).toBe(true);
    for (const v of ['0', 'false', 'NO', ' off ']) expect(envSwitch(v)).toBe(false);
  });

  it('reads the environment with defaults', () => {
    expect(flagsFromEnv({})).toEqual({ saveAll: false, noShow: false, formats: ['png', 'svg', 'pdf'], outputDir: '_output' });
    expect(flagsFromEnv({ SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', SIMORG_FORMATS: 'PNG, .jpeg,eps,png', SIMORG_OUTPUT_DIR: 'figs' })).toEqual({
      saveAll: true, noShow: true, formats: ['png', 'jpg', 'eps'], outputDir: 'figs',
    });
  });

  it('warns about bad SIMORG_FORMATS and keeps the defaults rather than stopping the script', () => {
    const lines: string[] = [];
    expect(flagsFromEnv({ SIMORG_FORMATS: 'png,tif,gif' }, (l) => lines.push(l)).formats).toEqual(['png', 'svg', 'pdf']);
    expect(lines).toEqual([
      "simorg: SIMORG_FORMATS has unknown formats 'tif', 'gif'; valid formats are png, svg, pdf, jpg, eps; using the default png,svg,pdf",
    ]);
    expect(() => parseFormats(' , ')).toThrow(FormatsError);
  });

  it('validates formats assigned in code', () => {
    const f = createFlags(flagsFromEnv({}));
    f.formats = ['svg', 'jpeg'] as never;
    expect(f.formats).toEqual(['svg', 'jpg']);
    expect(() => (f.formats = ['webp'] as never)).toThrow("simorg: flags.formats has unknown format 'webp'; valid formats are png, svg, pdf, jpg, eps");
    expect(f.formats).toEqual(['svg', 'jpg']);
    expect(JSON.parse(JSON.stringify(f))).toEqual({ saveAll: false, noShow: false, outputDir: '_output', formats: ['svg', 'jpg'] });
  });
});
