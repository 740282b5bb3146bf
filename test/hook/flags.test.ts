import { describe, expect, it } from 'vitest';
import { createFlags, envSwitch, flagsFromEnv, FormatsError, parseFormats } from '../../src/hook/flags.js';

describe('flags', () => {
  it('treats a set variable as on, even empty, except 0/false/no/off', () => {
    expect(envSwitch(undefined)).toBe(false);
    for (const v of ['', '1', 'yes', 'anything']) expect(envSwitch(v)).toBe(true);
    for (const v of ['0', 'false', 'NO', ' off ']) expect(envSwitch(v)).toBe(false);
  });

  it('reads the environment with defaults', () => {
    expect(flagsFromEnv({})).toEqual({
      saveAll: false,
      noShow: false,
      formats: ['png', 'svg', 'pdf'],
      outputDir: '_output',
      maxVectorOps: 100_000,
      dpi: 96,
      svgText: 'text',
    });
    expect(
      flagsFromEnv({
        SIMORG_SAVEALL: '',
        SIMORG_NOSHOW: '',
        SIMORG_FORMATS: 'PNG, .jpeg,eps,png',
        SIMORG_OUTPUT_DIR: 'figs',
        SIMORG_DPI: ' 150 ',
        SIMORG_SVG_TEXT: ' Paths',
      }),
    ).toEqual({
      saveAll: true,
      noShow: true,
      formats: ['png', 'jpg', 'eps'],
      outputDir: 'figs',
      maxVectorOps: 100_000,
      dpi: 150,
      svgText: 'paths',
    });
  });

  it('warns about bad SIMORG_FORMATS and keeps the defaults rather than stopping the script', () => {
    const lines: string[] = [];
    expect(flagsFromEnv({ SIMORG_FORMATS: 'png,tif,gif' }, (l) => lines.push(l)).formats).toEqual([
      'png',
      'svg',
      'pdf',
    ]);
    expect(lines).toEqual([
      "simorg: SIMORG_FORMATS has unknown formats 'tif', 'gif'; valid formats are png, svg, pdf, jpg, eps; using the default png,svg,pdf",
    ]);
    expect(() => parseFormats(' , ')).toThrow(FormatsError);
  });

  it('validates formats assigned in code', () => {
    const f = createFlags(flagsFromEnv({}));
    f.formats = ['svg', 'jpeg'] as never;
    expect(f.formats).toEqual(['svg', 'jpg']);
    expect(() => (f.formats = ['webp'] as never)).toThrow(
      "simorg: flags.formats has unknown format 'webp'; valid formats are png, svg, pdf, jpg, eps",
    );
    expect(f.formats).toEqual(['svg', 'jpg']);
    expect(JSON.parse(JSON.stringify(f))).toEqual({
      saveAll: false,
      noShow: false,
      outputDir: '_output',
      maxVectorOps: 100_000,
      dpi: 96,
      svgText: 'text',
      formats: ['svg', 'jpg'],
    });
  });

  it('reads SIMORG_MAX_VECTOR_OPS, and warns and keeps the default for nonsense', () => {
    expect(flagsFromEnv({ SIMORG_MAX_VECTOR_OPS: '2_000_000' }).maxVectorOps).toBe(2_000_000);
    expect(flagsFromEnv({ SIMORG_MAX_VECTOR_OPS: 'none' }).maxVectorOps).toBe(Infinity);
    expect(flagsFromEnv({ SIMORG_MAX_VECTOR_OPS: '0' }).maxVectorOps).toBe(0);
    const lines: string[] = [];
    expect(flagsFromEnv({ SIMORG_MAX_VECTOR_OPS: '1e6x' }, (l) => lines.push(l)).maxVectorOps).toBe(100_000);
    expect(lines).toEqual([
      "simorg: SIMORG_MAX_VECTOR_OPS should be a whole number or 'none', not '1e6x'; using 100000",
    ]);
  });

  it('reads SIMORG_SVG_TEXT (text or paths), and warns and keeps text for anything else', () => {
    expect(flagsFromEnv({ SIMORG_SVG_TEXT: 'text' }).svgText).toBe('text');
    expect(flagsFromEnv({ SIMORG_SVG_TEXT: '' }).svgText).toBe('text');
    const lines: string[] = [];
    expect(flagsFromEnv({ SIMORG_SVG_TEXT: 'outlines' }, (l) => lines.push(l)).svgText).toBe('text');
    expect(lines).toEqual([
      "simorg: SIMORG_SVG_TEXT should be 'text' or 'paths', not 'outlines'; using 'text'",
    ]);
    const f = createFlags(flagsFromEnv({}));
    f.svgText = 'paths';
    expect(f.svgText).toBe('paths');
    expect(() => ((f as unknown as Record<string, unknown>).svgText = 'path')).toThrow(
      `simorg: flags.svgText must be 'text' or 'paths', got "path"`,
    );
    expect(f.svgText).toBe('paths');
  });

  it('rejects a wrong type at the assignment, naming the flag', () => {
    const f = createFlags(flagsFromEnv({}));
    expect(() => ((f as unknown as Record<string, unknown>).outputDir = 5)).toThrow(
      'simorg: flags.outputDir must be a folder path (a non-empty string), got 5',
    );
    expect(() => ((f as unknown as Record<string, unknown>).outputDir = '')).toThrow(
      'flags.outputDir must be',
    );
    expect(() => ((f as unknown as Record<string, unknown>).saveAll = 'yes')).toThrow(
      'simorg: flags.saveAll must be true or false, got "yes"',
    );
    expect(() => ((f as unknown as Record<string, unknown>).noShow = null)).toThrow(
      'simorg: flags.noShow must be true or false, got null',
    );
    expect(() => ((f as unknown as Record<string, unknown>).maxVectorOps = -1)).toThrow(
      'flags.maxVectorOps must be a whole number',
    );
    f.maxVectorOps = Infinity;
    f.outputDir = 'figs';
    expect([f.outputDir, f.maxVectorOps, f.saveAll]).toEqual(['figs', Infinity, false]);
  });
});
