// Views of one Recording that replay can take as they are: the drawing up to a point (a PDF or
// SVG canvas whose own bytes were taken there), and each page of a PDF canvas on its own, so that
// each page can be drawn onto an image (PNG, JPEG) or an SVG of its own.
import { OP, OP_SIZE, Recording, type PutImage } from './record.js';

/** The ops a page drops when they belong to another page: everything that puts marks on it. */
const MARKING = new Set<number>([OP.FILL_RECT, OP.STROKE_RECT, OP.CLEAR_RECT, OP.DRAW_IMAGE, OP.PUT_IMAGE]);
const MARKING_CALLS = new Set(['fill', 'stroke', 'fillText', 'strokeText', 'beginTag', 'endTag']);

// Lengths that node-canvas takes in device units, not user space: scaled with the page (as replay does).
const DEVICE_LENGTHS = new Set(['shadowBlur', 'shadowOffsetX', 'shadowOffsetY']);

/** The first `end` slots of `rec`, sharing its arrays (nothing is copied). */
export function sliced(rec: Recording, end: number): Recording {
  const r = new Recording(rec.limit);
  r.ops = rec.ops;
  r.length = Math.min(end, rec.length);
  r.refs = rec.refs;
  r.clears = rec.clears.filter((c) => c < r.length);
  return r;
}

/** How many pages the drawing up to `end` has: one, plus one per addPage(). */
export function pageCount(rec: Recording, end: number): number {
  let pages = 1;
  const f = rec.ops;
  for (let i = 0; i < end; i += OP_SIZE[f[i]!] ?? 1) {
    if (f[i] === OP.CALL && rec.refs[f[i + 1]!] === 'addPage') pages++;
  }
  return pages;
}

/**
 * Page `page` (from 0) of a PDF canvas' drawing, as a recording of its own: the state and paths
 * set on earlier pages still apply (addPage keeps the context's state, as cairo does), their marks
 * do not. Every length is times `scale`, baked in (a page in pt drawn in CSS px is 4/3 larger), so
 * that the result replays like any canvas' recording.
 */
export function pageRecording(rec: Recording, end: number, page: number, scale: number): Recording {
  const out = new Recording(rec.limit);
  const f = rec.ops;
  const refs = rec.refs;
  if (scale !== 1) out.op6(OP.SET_TRANSFORM, scale, 0, 0, scale, 0, 0);
  let at = 0;
  let clear = 0;
  for (let i = 0; i < end; i += OP_SIZE[f[i]!] ?? 1) {
    const op = f[i]!;
    const size = OP_SIZE[op] ?? 1;
    if (op === OP.CALL && refs[f[i + 1]!] === 'addPage') {
      if (++at > page) break;
      continue;
    }
    while (clear < rec.clears.length && rec.clears[clear]! < i) clear++;
    const name = op === OP.CALL ? (refs[f[i + 1]!] as string) : undefined;
    if (at !== page && (MARKING.has(op) || (name !== undefined && MARKING_CALLS.has(name)))) continue;
    if (at === page && rec.clears[clear] === i) out.clears.push(out.length);
    if (op === OP.CALL || op === OP.SET) {
      const k = f[i + 1]!;
      const v = refs[k + 1];
      const scaled =
        op === OP.SET && scale !== 1 && typeof v === 'number' && DEVICE_LENGTHS.has(refs[k] as string);
      out.ref(op, refs[k], scaled ? v * scale : v);
    } else if (op === OP.PUT_IMAGE && scale !== 1) {
      // putImageData ignores the transform, so the page's scale goes with the pixels themselves.
      const put = refs[f[i + 1]!] as PutImage;
      out.ref(op, { ...put, scale: (put.scale ?? 1) * scale } satisfies PutImage);
    } else if (op === OP.DRAW_IMAGE || op === OP.PUT_IMAGE) {
      out.ref(op, refs[f[i + 1]!]);
    } else if (op === OP.SET_TRANSFORM) {
      out.op6(
        op,
        scale * f[i + 1]!,
        scale * f[i + 2]!,
        scale * f[i + 3]!,
        scale * f[i + 4]!,
        scale * f[i + 5]!,
        scale * f[i + 6]!,
      );
    } else {
      copyOp(out, f, i, size);
    }
  }
  return out;
}

function copyOp(out: Recording, f: Float64Array, i: number, size: number): void {
  switch (size) {
    case 1:
      return out.op0(f[i]!);
    case 2:
      return out.op1(f[i]!, f[i + 1]!);
    case 3:
      return out.op2(f[i]!, f[i + 1]!, f[i + 2]!);
    case 5:
      return out.op4(f[i]!, f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!);
    case 6:
      return out.op5(f[i]!, f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!, f[i + 5]!);
    case 7:
      return out.op6(f[i]!, f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!, f[i + 5]!, f[i + 6]!);
    case 9:
      return out.op8(
        f[i]!,
        f[i + 1]!,
        f[i + 2]!,
        f[i + 3]!,
        f[i + 4]!,
        f[i + 5]!,
        f[i + 6]!,
        f[i + 7]!,
        f[i + 8]!,
      );
  }
}
