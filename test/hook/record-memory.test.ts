import { describe, expect, it } from 'vitest';
import { runFixture } from '../fixtures/canvas/run.js';

interface Out {
  figures: number;
  /** The recording's length (Float64 slots) after each frame. */
  sizes: number[];
  refs: number;
  replay: { svg: { diff: { mean: number } }; pdf: { diff: { mean: number }; text: string } };
}

const vector = { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png,svg,pdf' };

// An animation's recording is bounded: a wipe of the whole canvas starts it over, with the state
// still in force, so it holds the last frame's ops only, and the replay shows the last frame only.
describe('a canvas redrawn 60 times records one frame', () => {
  for (const mode of ['clear', 'fill']) {
    it(`wiped by ${mode === 'clear' ? 'clearRect (inside save/setTransform/restore)' : 'an opaque fillRect over all of it'}`, () => {
      const r = runFixture<Out>('animation.mjs', vector, true, ['60', mode]);
      expect(r.figures).toBe(1);
      const [, second, ...rest] = r.sizes;
      // From the second frame on, every frame leaves the recording the same length: one frame and its state.
      for (const n of rest) expect(n).toBe(second);
      expect(second!).toBeLessThan(2 * r.sizes[0]!);
      expect(r.refs).toBeLessThan(60); // 60 frames kept would be some 400
      // The last frame alone, drawn with the state set before the loop (scale, font, dash, colour).
      expect(r.replay.pdf.text).toContain('frame 59');
      expect(r.replay.pdf.text).not.toContain('frame 58');
      expect(r.replay.svg.diff.mean).toBeLessThan(3);
      expect(r.replay.pdf.diff.mean).toBeLessThan(6);
    });
  }
});
