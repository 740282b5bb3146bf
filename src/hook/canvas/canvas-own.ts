// A PDF or SVG canvas (createCanvas(w, h, 'pdf' | 'svg'), chartjs-node-canvas' `type: 'svg'`) is
// saved as what it is: its own PDF, every page, or its own SVG, as node-canvas writes them. Its
// toBuffer() finishes the surface (a second call gives the same bytes; drawing after it breaks the
// surface), so the bytes are kept when the script itself asks for them, and the hook asks only
// once the script is over. The other formats are drawn from the recording, page by page.
import type { CanvasEntry, CanvasLike } from '../state.js';
import type { NCanvas, NContext } from './canvas-types.js';
import { internalCanvas, reg } from './canvas-registry.js';
import { isOwnSurface, keepOwn } from './canvas-track.js';
import { lazy } from '../lazy.js';
import type * as Replay from '../record/replay.js';
import { pageCount, pageRecording, sliced } from '../record/record-pages.js';
import { HURRY_SLOTS, Recording } from '../record/record.js';

/** One page drawn as pixels at CSS px (96 per inch), with the recording that drew it. */
export interface OwnPage {
  canvas: CanvasLike;
  recording: Recording;
}

export interface OwnSurface {
  type: 'pdf' | 'svg';
  /** The canvas' own file; none mid-script (taking it would finish the script's surface). */
  bytes?: Buffer;
  /** The size node-canvas gave the surface: pt for a PDF canvas, px for an SVG one. */
  width: number;
  height: number;
  /** Pages that can be drawn from the recording (0 when there is none to draw from). */
  pages: number;
  page(k: number): OwnPage | undefined;
  /** The whole drawing replayed onto a new surface of the same kind, at the same size. */
  redraw(): CanvasLike | undefined;
}

/** A PDF page is in pt, our pixels are CSS px: 96 / 72 of them per pt. */
const PX_PER_PT = 4 / 3;

/** The PDF or SVG canvas behind `entry`, or undefined for an image canvas. `final`: the script is over. */
export function ownSurface(entry: CanvasEntry, final: boolean): OwnSurface | undefined {
  const t = reg.tracked.get(entry);
  const live = (t ? t.canvas : entry.canvas) as NCanvas;
  if (!isOwnSurface(live)) return undefined;
  if (t && final && (!t.own || t.own.stale) && t.sinceClear) {
    try {
      keepOwn(live, live.toBuffer());
    } catch {
      // finished already and drawn on since: the recording is all there is
    }
  }
  const own = t?.own && !t.own.stale ? t.own : undefined;
  // Wiped (Chart.js destroy()) or resized after its last drawing: saved as it was before.
  const frame = own ?? (t?.preserved && !t.sinceClear ? t.preserved : undefined);
  const type = live.type as 'pdf' | 'svg';
  const width = frame ? frame.width : live.width;
  const height = frame ? frame.height : live.height;
  const rec = frame ? frame.recording : entry.recording;
  const end = frame ? frame.end : rec instanceof Recording ? rec.length : 0;
  const usable =
    rec instanceof Recording &&
    !rec.over &&
    !(reg.state.hurry && end > HURRY_SLOTS) &&
    width > 0 &&
    height > 0;
  const pages = usable ? (type === 'pdf' ? pageCount(rec, end) : 1) : 0;
  const sizes = own && type === 'pdf' ? pdfPageSizes(own.bytes) : [];
  const made = new Map<number, OwnPage | undefined>();
  return {
    type,
    bytes: own?.bytes,
    width,
    height,
    pages,
    page(k) {
      if (!usable || k < 0 || k >= pages) return undefined;
      if (!made.has(k))
        made.set(k, drawPage(live, rec, end, type, k, sizes.length === pages ? sizes[k]! : [width, height]));
      return made.get(k);
    },
    redraw() {
      if (!usable) return undefined;
      const c = internalCanvas(live, width, height, type);
      if (!c) return undefined;
      lazy<typeof Replay>('record/replay').replay(sliced(rec, end), end, c.getContext('2d'));
      return c as unknown as CanvasLike;
    },
  };
}

function drawPage(
  like: NCanvas,
  rec: Recording,
  end: number,
  type: 'pdf' | 'svg',
  k: number,
  size: [number, number],
): OwnPage | undefined {
  const scale = type === 'pdf' ? PX_PER_PT : 1;
  const recording = type === 'pdf' ? pageRecording(rec, end, k, scale) : sliced(rec, end);
  const c = internalCanvas(
    like,
    Math.max(1, Math.round(size[0] * scale)),
    Math.max(1, Math.round(size[1] * scale)),
  );
  if (!c) return undefined;
  lazy<typeof Replay>('record/replay').replay(recording, recording.length, c.getContext('2d') as NContext, {
    raster: true,
  });
  return { canvas: c as unknown as CanvasLike, recording };
}

/** Each page's size in pt, in page order, as cairo writes them (one /MediaBox per page). */
export function pdfPageSizes(pdf: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/g;
  for (const m of pdf.toString('latin1').matchAll(re))
    out.push([Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  return out;
}
