import { describe, expect, it } from 'vitest';
import { runFixture } from '../fixtures/canvas/run.js';

interface Detect {
  figures: Array<{ name: string; w: number; h: number; recording: boolean }>;
  seqIncreasing: boolean;
  resizedSvg: { w: number; h: number } | null;
  lineToWrapped: boolean;
  getContextSeen: boolean;
}

describe('which canvases are figures', () => {
  it('every drawn canvas and only those, in creation order (not drawing order)', () => {
    const r = runFixture<Detect>('detect.mjs', { SIMORG_SAVEALL: '' });
    expect(r.figures.map((f) => f.name)).toEqual([
      'a-created-first-drawn-last',
      'b-new-Canvas',
      'resized-1x1-then-drawn',
    ]);
    expect(r.seqIncreasing).toBe(true);
    expect(r.getContextSeen).toBe(true);
  });

  it('a canvas resized after creation is a figure at its final size, replayed at that size', () => {
    const r = runFixture<Detect>('detect.mjs', { SIMORG_SAVEALL: '' });
    expect(r.figures.find((f) => f.name === 'resized-1x1-then-drawn')).toMatchObject({ w: 120, h: 90 });
    expect(r.resizedSvg).toEqual({ w: 120, h: 90 });
  });

  it('records only when a vector format is wanted; hot path methods stay native otherwise', () => {
    const on = runFixture<Detect>('detect.mjs', { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png,pdf' });
    expect(on.figures.every((f) => f.recording)).toBe(true);
    expect(on.lineToWrapped).toBe(true);
    const pngOnly = runFixture<Detect>('detect.mjs', { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png' });
    expect(pngOnly.figures.map((f) => f.recording)).toEqual([false, false, false]);
    expect(pngOnly.lineToWrapped).toBe(false);
    const off = runFixture<Detect>('detect.mjs', {});
    expect(off.figures).toHaveLength(3);
    expect(off.lineToWrapped).toBe(false);
  });

  it('canvas loaded before the hook: existing contexts are adopted when they draw', () => {
    const r = runFixture<{ figures: Array<[number, boolean]> }>('late.cjs', {}, false);
    expect(r.figures).toEqual([
      [20, true],
      [40, false],
    ]);
  });

  it('a canvas wiped after drawing (Chart.js destroy) is saved as drawn', () => {
    const r = runFixture<{
      count: number;
      liveIsBlank: boolean;
      savedIsTheDrawing: boolean;
      replay: { paths: number; diff: { mean: number } };
    }>('wiped.mjs', { SIMORG_SAVEALL: '' });
    expect(r.count).toBe(1);
    expect(r.liveIsBlank).toBe(true);
    expect(r.savedIsTheDrawing).toBe(true);
    expect(r.replay.paths).toBeGreaterThan(0);
    expect(r.replay.diff.mean).toBeLessThan(3);
  });
});
