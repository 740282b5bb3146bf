// A saved canvas figure's SVG, through the whole hook: its words as <text> by default, glyph
// outlines with SIMORG_SVG_TEXT=paths or flags.svgText = 'paths'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, figPaths, project, run, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write('sims/membrane.mjs', `import 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}`);
  p.write(
    'sims/outlines.mjs',
    `import { flags } from 'simorg';\nimport { createCanvas } from 'canvas';\nflags.svgText = 'paths';\n${DRAW}`,
  );
});
afterAll(() => p.cleanup());

const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', SIMORG_FORMATS: 'svg' };
const svgOf = (script: string): string =>
  readFileSync(join(p.dir, 'sims', figPaths(script, 'figure_1', ['svg'])[0]!), 'utf8');

describe("a saved canvas figure's SVG text", () => {
  it('is a <text> element by default, the words searchable, no glyph outlines', () => {
    const r = run(['sims/membrane.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.stderr).toBe('');
    const svg = svgOf('membrane');
    expect(svg).toMatch(
      /<text x="20" y="24" font-family="sans-serif" font-size="16" fill="#000000">membrane potential<\/text>/,
    );
    expect(svg).not.toMatch(/<symbol|<use\b/);
    expect(svg).toMatch(/<svg\b[^>]*\swidth="320" height="200"/);
  });

  it('is glyph outlines with SIMORG_SVG_TEXT=paths', () => {
    run(['sims/membrane.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_SVG_TEXT: 'paths' } });
    const svg = svgOf('membrane');
    expect(svg).not.toMatch(/<text\b/);
    expect(svg).toMatch(/<symbol[^>]*id="glyph/);
  });

  it("is glyph outlines when the script sets flags.svgText = 'paths'", () => {
    const r = run(['sims/outlines.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.stderr).toBe('');
    const svg = svgOf('outlines');
    expect(svg).not.toMatch(/<text\b/);
    expect(svg).toMatch(/<symbol[^>]*id="glyph/);
  });
});
