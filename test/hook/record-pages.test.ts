import { createCanvas, ImageData } from 'canvas';
import { describe, expect, it } from 'vitest';
import { OP, Recording, type PutImage } from '../../src/hook/record/record.js';
import { pageRecording } from '../../src/hook/record/record-pages.js';
import { replay } from '../../src/hook/record/replay.js';
import { reg } from '../../src/hook/canvas/canvas-registry.js';
import type { Binding, NContext } from '../../src/hook/canvas/canvas-types.js';

// A PDF canvas' page (in pt) is drawn into its PNG in CSS px, 4/3 larger, by baking the scale into
// the page's recording. putImageData ignores the transform, so its pixels must carry the scale.
describe('a PDF page replayed in CSS px', () => {
  it('puts pixels at the page scale, where the other marks are', () => {
    const rec = new Recording();
    const data = new Uint8ClampedArray(60 * 30 * 4);
    for (let i = 0; i < data.length; i += 4) data.set([0, 128, 0, 255], i);
    const put: PutImage = { data: { width: 60, height: 30, data }, args: [120, 60], opaque: true };
    rec.ref(OP.PUT_IMAGE, put);
    rec.op4(OP.FILL_RECT, 10, 10, 30, 30);
    const page = pageRecording(rec, rec.length, 0, 4 / 3);
    const c = createCanvas(267, 133);
    // What the interception would have registered when node-canvas loaded: its Canvas and ImageData classes.
    reg.bindings.push({ Canvas: c.constructor, ImageData } as unknown as Binding);
    const g = c.getContext('2d');
    expect(replay(page, page.length, g as unknown as NContext, { raster: true }).failed).toBe(0);
    const at = (x: number, y: number) => [...g.getImageData(x, y, 1, 1).data];
    // The 60 x 30 block put at (120, 60) pt covers (160, 80)-(240, 120) px, not (120, 60)-(180, 90).
    expect(at(162, 82)).toEqual([0, 128, 0, 255]);
    expect(at(237, 117)).toEqual([0, 128, 0, 255]);
    expect(at(243, 123)[3]).toBe(0);
    expect(at(157, 77)[3]).toBe(0);
    // The fillRect at (10, 10, 30, 30) pt covers (13, 13)-(53, 53) px.
    expect(at(50, 50)).toEqual([0, 0, 0, 255]);
    expect(put.scale).toBeUndefined(); // the canvas' own recording is left as it was
  });
});
