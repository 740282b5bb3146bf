// One canvas' drawing, recorded so it can be replayed onto a vector surface. Path and transform
// calls (millions of them in a dense plot) go into one growing Float64Array as opcode + numbers:
// no allocation per call. Everything else (text, styles, images) is an opcode + an index into
// `refs`, where the name and a snapshot of the arguments are kept.

export const OP = {
  BEGIN_PATH: 1,
  CLOSE_PATH: 2,
  MOVE_TO: 3,
  LINE_TO: 4,
  BEZIER_CURVE_TO: 5,
  QUADRATIC_CURVE_TO: 6,
  ARC: 7,
  ARC_TO: 8,
  ELLIPSE: 9,
  RECT: 10,
  FILL_RECT: 11,
  STROKE_RECT: 12,
  CLEAR_RECT: 13,
  SAVE: 14,
  RESTORE: 15,
  TRANSLATE: 16,
  SCALE: 17,
  ROTATE: 18,
  TRANSFORM: 19,
  SET_TRANSFORM: 20,
  /** refs[k] = method name, refs[k+1] = arguments */
  CALL: 21,
  /** refs[k] = property name, refs[k+1] = value */
  SET: 22,
  /** refs[k] = DrawImage */
  DRAW_IMAGE: 23,
  /** refs[k] = PutImage */
  PUT_IMAGE: 24,
} as const;

/** drawImage(source, ...numbers), with the source snapshotted when it is a canvas. */
export interface DrawImage {
  source: unknown;
  args: number[];
}

/** putImageData(copy of the ImageData, dx, dy[, dirtyX, dirtyY, dirtyW, dirtyH]). */
export interface PutImage {
  data: { width: number; height: number; data: Uint8ClampedArray };
  args: number[];
  /** Every pixel has alpha 255, so nothing underneath needs clearing at replay. */
  opaque: boolean;
  /** The pixels on a canvas, made at the first replay and reused by the next. */
  canvas?: unknown;
  /** Drawn this many times larger (a PDF page in pt replayed in CSS px): putImageData ignores the transform. */
  scale?: number;
}

/**
 * When a signal ends the script, a recording longer than this (in Float64 slots, some 20,000
 * rectangles' worth) is not replayed: its vector formats embed the raster instead, so the process
 * ends within a second or so rather than after the runner's grace period has run out.
 */
export const HURRY_SLOTS = 100_000;

/** What one op is charged against the budget per byte of pixels it keeps (a slot is 8 bytes). */
export const BYTES_PER_OP = 32;

export class Recording {
  /** The ops, each an opcode and its numbers (OP_SIZE slots); only the first `length` slots are used. */
  ops = new Float64Array(256);
  /** Slots used in `ops`. */
  length = 0;
  refs: unknown[] = [];
  /** Op positions where the whole canvas was wiped after something had been drawn. */
  clears: number[] = [];
  /** Ops left before the recording is dropped (SIMORG_MAX_VECTOR_OPS); Infinity once dropped. */
  left: number;
  /** Past the budget: what was recorded is freed, nothing more is kept, the figure saves as raster. */
  dropped = false;
  /** Not replayed because the script is being ended by a signal and replaying would take too long. */
  hurried = false;

  constructor(readonly limit = Infinity) {
    this.left = limit;
  }

  /** Frees everything: a dense figure must not cost gigabytes (and minutes of replay) at exit. */
  drop(): void {
    this.dropped = true;
    this.left = Infinity;
    this.ops = new Float64Array(16);
    this.length = 0;
    this.refs = [];
    this.clears = [];
    this.charged = new WeakSet();
  }

  private charged = new WeakSet<object>();

  /** Charges `bytes` of kept pixels (image snapshots, ImageData copies) against the op budget, once per object. */
  charge(bytes: number, kept: object): void {
    if (this.dropped || this.charged.has(kept)) return;
    this.charged.add(kept);
    this.left -= Math.ceil(bytes / BYTES_PER_OP);
    if (this.left < 0) this.drop();
  }

  /** More ops than the budget allows, whether or not the memory was freed yet. */
  get over(): boolean {
    return this.dropped || this.left < 0;
  }

  // The budget is enforced here, where memory grows (so at most twice the budget is ever held),
  // rather than in every op: each op only counts down. Once dropped, ops land in a 16-slot buffer
  // whose out-of-range writes typed arrays ignore (and `length` means nothing any more).
  private grow(k: number): Float64Array {
    if (this.left < 0 && !this.dropped) this.drop();
    if (this.dropped) return this.ops;
    const f = new Float64Array(Math.max(this.ops.length * 2, this.length + k));
    f.set(this.ops.subarray(0, this.length));
    return (this.ops = f);
  }

  op0(op: number): void {
    const n = this.length;
    this.left--;
    const f = n + 1 > this.ops.length ? this.grow(1) : this.ops;
    f[n] = op;
    this.length = n + 1;
  }

  op1(op: number, a: number): void {
    const n = this.length;
    this.left--;
    const f = n + 2 > this.ops.length ? this.grow(2) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    this.length = n + 2;
  }

  op2(op: number, a: number, b: number): void {
    const n = this.length;
    this.left--;
    const f = n + 3 > this.ops.length ? this.grow(3) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    f[n + 2] = b;
    this.length = n + 3;
  }

  op4(op: number, a: number, b: number, c: number, d: number): void {
    const n = this.length;
    this.left--;
    const f = n + 5 > this.ops.length ? this.grow(5) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    f[n + 2] = b;
    f[n + 3] = c;
    f[n + 4] = d;
    this.length = n + 5;
  }

  op5(op: number, a: number, b: number, c: number, d: number, e: number): void {
    const n = this.length;
    this.left--;
    const f = n + 6 > this.ops.length ? this.grow(6) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    f[n + 2] = b;
    f[n + 3] = c;
    f[n + 4] = d;
    f[n + 5] = e;
    this.length = n + 6;
  }

  op6(op: number, a: number, b: number, c: number, d: number, e: number, g: number): void {
    const n = this.length;
    this.left--;
    const f = n + 7 > this.ops.length ? this.grow(7) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    f[n + 2] = b;
    f[n + 3] = c;
    f[n + 4] = d;
    f[n + 5] = e;
    f[n + 6] = g;
    this.length = n + 7;
  }

  op8(
    op: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    g: number,
    h: number,
    i: number,
  ): void {
    const n = this.length;
    this.left--;
    const f = n + 9 > this.ops.length ? this.grow(9) : this.ops;
    f[n] = op;
    f[n + 1] = a;
    f[n + 2] = b;
    f[n + 3] = c;
    f[n + 4] = d;
    f[n + 5] = e;
    f[n + 6] = g;
    f[n + 7] = h;
    f[n + 8] = i;
    this.length = n + 9;
  }

  /** An op whose operands live in `refs` (one or two slots). */
  ref(op: number, a: unknown, b?: unknown): void {
    if (this.dropped) return;
    this.op1(op, this.refs.length);
    if (op === OP.CALL || op === OP.SET) this.refs.push(a, b);
    else this.refs.push(a);
  }
}

/** How many Float64 slots an op takes, opcode included. */
export const OP_SIZE: Record<number, number> = {
  [OP.BEGIN_PATH]: 1,
  [OP.CLOSE_PATH]: 1,
  [OP.SAVE]: 1,
  [OP.RESTORE]: 1,
  [OP.ROTATE]: 2,
  [OP.CALL]: 2,
  [OP.SET]: 2,
  [OP.DRAW_IMAGE]: 2,
  [OP.PUT_IMAGE]: 2,
  [OP.MOVE_TO]: 3,
  [OP.LINE_TO]: 3,
  [OP.TRANSLATE]: 3,
  [OP.SCALE]: 3,
  [OP.QUADRATIC_CURVE_TO]: 5,
  [OP.RECT]: 5,
  [OP.FILL_RECT]: 5,
  [OP.STROKE_RECT]: 5,
  [OP.CLEAR_RECT]: 5,
  [OP.ARC_TO]: 6,
  [OP.BEZIER_CURVE_TO]: 7,
  [OP.ARC]: 7,
  [OP.TRANSFORM]: 7,
  [OP.SET_TRANSFORM]: 7,
  [OP.ELLIPSE]: 9,
};
