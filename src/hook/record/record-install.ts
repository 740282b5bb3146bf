// The recording wrappers for path, transform and state calls, and for every property setter.
// They go onto the context prototype only when the first recording context appears, so a run
// without vector output never pays for them. The hot ones are written out by hand: one shape,
// one native target per wrapper, no `arguments`, no allocation.
import type { Fn, NContext } from '../canvas/canvas-types.js';
import { REC, reg } from '../canvas/canvas-registry.js';
import { OP, type Recording } from './record.js';
import { copyArgs, recordGradientWrappers, styleValue } from './record-objects.js';

type Proto = Record<string, unknown>;
type MaybeRecording = Recording | null | undefined;

const done = new WeakSet<object>();

/** Puts the recording wrappers on every known copy of node-canvas that does not have them yet. */
export function installRecording(): void {
  reg.recordingInstalled = true;
  for (const b of reg.bindings) {
    if (done.has(b.CanvasRenderingContext2d)) continue;
    done.add(b.CanvasRenderingContext2d);
    wrapPath(b.CanvasRenderingContext2d.prototype as Proto);
    wrapState(b.CanvasRenderingContext2d.prototype as Proto);
    wrapSetters(b.CanvasRenderingContext2d.prototype as Proto);
    recordGradientWrappers(b);
  }
}

function wrapPath(p: Proto): void {
  const beginPath = p.beginPath as Fn;
  const closePath = p.closePath as Fn;
  const moveTo = p.moveTo as Fn;
  const lineTo = p.lineTo as Fn;
  const bezierCurveTo = p.bezierCurveTo as Fn;
  const quadraticCurveTo = p.quadraticCurveTo as Fn;
  const arc = p.arc as Fn;
  const arcTo = p.arcTo as Fn;
  const ellipse = p.ellipse as Fn;
  const rect = p.rect as Fn;
  p.beginPath = function (this: NContext): void {
    beginPath.call(this);
    const r = this[REC] as MaybeRecording;
    if (r) r.op0(OP.BEGIN_PATH);
  };
  p.closePath = function (this: NContext): void {
    closePath.call(this);
    const r = this[REC] as MaybeRecording;
    if (r) r.op0(OP.CLOSE_PATH);
  };
  p.moveTo = function (this: NContext, x: number, y: number): void {
    moveTo.call(this, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op2(OP.MOVE_TO, x, y);
  };
  p.lineTo = function (this: NContext, x: number, y: number): void {
    lineTo.call(this, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op2(OP.LINE_TO, x, y);
  };
  p.bezierCurveTo = function (
    this: NContext,
    a: number,
    b: number,
    c: number,
    d: number,
    x: number,
    y: number,
  ): void {
    bezierCurveTo.call(this, a, b, c, d, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op6(OP.BEZIER_CURVE_TO, a, b, c, d, x, y);
  };
  p.quadraticCurveTo = function (this: NContext, a: number, b: number, x: number, y: number): void {
    quadraticCurveTo.call(this, a, b, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op4(OP.QUADRATIC_CURVE_TO, a, b, x, y);
  };
  p.arc = function (
    this: NContext,
    x: number,
    y: number,
    rad: number,
    a0: number,
    a1: number,
    ccw?: boolean,
  ): void {
    arc.call(this, x, y, rad, a0, a1, ccw);
    const r = this[REC] as MaybeRecording;
    if (r) r.op6(OP.ARC, x, y, rad, a0, a1, ccw ? 1 : 0);
  };
  p.arcTo = function (this: NContext, a: number, b: number, c: number, d: number, rad: number): void {
    arcTo.call(this, a, b, c, d, rad);
    const r = this[REC] as MaybeRecording;
    if (r) r.op5(OP.ARC_TO, a, b, c, d, rad);
  };
  p.ellipse = function (
    this: NContext,
    x: number,
    y: number,
    rx: number,
    ry: number,
    rot: number,
    a0: number,
    a1: number,
    ccw?: boolean,
  ): void {
    ellipse.call(this, x, y, rx, ry, rot, a0, a1, ccw);
    const r = this[REC] as MaybeRecording;
    if (r) r.op8(OP.ELLIPSE, x, y, rx, ry, rot, a0, a1, ccw ? 1 : 0);
  };
  p.rect = function (this: NContext, x: number, y: number, w: number, h: number): void {
    rect.call(this, x, y, w, h);
    const r = this[REC] as MaybeRecording;
    if (r) r.op4(OP.RECT, x, y, w, h);
  };
}

function wrapState(p: Proto): void {
  const save = p.save as Fn;
  const restore = p.restore as Fn;
  const translate = p.translate as Fn;
  const scale = p.scale as Fn;
  const rotate = p.rotate as Fn;
  const transform = p.transform as Fn;
  const setTransform = p.setTransform as Fn;
  const resetTransform = p.resetTransform as Fn | undefined;
  p.save = function (this: NContext): void {
    save.call(this);
    const r = this[REC] as MaybeRecording;
    if (r) r.op0(OP.SAVE);
  };
  p.restore = function (this: NContext): void {
    restore.call(this);
    const r = this[REC] as MaybeRecording;
    if (r) r.op0(OP.RESTORE);
  };
  p.translate = function (this: NContext, x: number, y: number): void {
    translate.call(this, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op2(OP.TRANSLATE, x, y);
  };
  p.scale = function (this: NContext, x: number, y: number): void {
    scale.call(this, x, y);
    const r = this[REC] as MaybeRecording;
    if (r) r.op2(OP.SCALE, x, y);
  };
  p.rotate = function (this: NContext, a: number): void {
    rotate.call(this, a);
    const r = this[REC] as MaybeRecording;
    if (r) r.op1(OP.ROTATE, a);
  };
  p.transform = function (
    this: NContext,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
  ): void {
    transform.call(this, a, b, c, d, e, f);
    const r = this[REC] as MaybeRecording;
    if (r) r.op6(OP.TRANSFORM, a, b, c, d, e, f);
  };
  // setTransform(DOMMatrix) and currentTransform = m are recorded as the six numbers they left.
  p.setTransform = function (
    this: NContext,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
  ): void {
    if (arguments.length === 6) {
      setTransform.call(this, a, b, c, d, e, f);
      const r = this[REC] as MaybeRecording;
      if (r) r.op6(OP.SET_TRANSFORM, a, b, c, d, e, f);
      return;
    }
    setTransform.apply(this, arguments as unknown as unknown[]);
    const r = this[REC] as MaybeRecording;
    if (r) recordMatrix(this, r);
  };
  if (resetTransform) {
    p.resetTransform = function (this: NContext): void {
      resetTransform.call(this);
      const r = this[REC] as MaybeRecording;
      if (r) r.op6(OP.SET_TRANSFORM, 1, 0, 0, 1, 0, 0);
    };
  }
  for (const name of ['clip', 'setLineDash', 'roundRect', 'addPage', 'beginTag', 'endTag']) {
    const n = p[name] as Fn | undefined;
    if (typeof n !== 'function') continue;
    p[name] = function (this: NContext, ...args: unknown[]): unknown {
      const res = n.apply(this, args);
      const r = this[REC] as MaybeRecording;
      if (r) r.ref(OP.CALL, name, copyArgs(args));
      return res;
    };
  }
}

type Matrix = { a: number; b: number; c: number; d: number; e: number; f: number };

function recordMatrix(ctx: NContext, r: Recording): void {
  const m = (ctx.getTransform as () => Matrix).call(ctx);
  r.op6(OP.SET_TRANSFORM, m.a, m.b, m.c, m.d, m.e, m.f);
}

// Every settable property (fillStyle, font, lineWidth, globalAlpha, shadows, lineDashOffset,
// textDrawingMode, ...), whatever this node-canvas version has; `filter`, `letterSpacing` etc.
// are caught too as soon as node-canvas implements them as accessors.
function wrapSetters(p: Proto): void {
  for (const name of Object.getOwnPropertyNames(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (!d || !d.set || !d.get || !d.configurable) continue;
    const set = d.set;
    const get = d.get;
    const isMatrix = name === 'currentTransform';
    Object.defineProperty(p, name, {
      ...d,
      set(this: NContext, v: unknown) {
        set.call(this, v);
        const r = this[REC] as MaybeRecording;
        if (!r) return;
        if (isMatrix) recordMatrix(this, r);
        else
          r.ref(
            OP.SET,
            name,
            typeof v === 'object' && v !== null && !isStyleObject(v) ? get.call(this) : styleValue(v),
          );
      },
    });
  }
}

function isStyleObject(v: object): boolean {
  return reg.gradients.has(v) || reg.patterns.has(v);
}
