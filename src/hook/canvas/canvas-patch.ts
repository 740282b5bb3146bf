// Patching node-canvas where every copy of it meets: the native binding (build/Release/canvas.node),
// loaded once per process even when chartjs-node-canvas re-requires `canvas` with a fresh cache.
// We never load canvas ourselves here: Node's `.node` loader is wrapped, and the binding is patched
// the moment the script's own `require('canvas')` / `import 'canvas'` loads it.
import { Module } from 'node:module';
import type { Binding, Fn, NCanvas, NContext, Tracked } from './canvas-types.js';
import { INFO, isCanvas, REC, reg } from './canvas-registry.js';
import {
  coversCanvas,
  fillWipes,
  isOwnSurface,
  keepOwn,
  markSource,
  onConstruct,
  onContext,
  preserve,
  snapshotSource,
  startOver,
  touch,
  wantsRecording,
} from './canvas-track.js';
import { BINDING_FILE } from './canvas-install.js';
import { patchTextMode } from './canvas-text-mode.js';
import { lazy } from '../lazy.js';
import type * as RecordInstall from '../record/record-install.js';
import type * as RecordModule from '../record/record.js';
import type * as RecordObjects from '../record/record-objects.js';
import type { DrawImage, Recording } from '../record/record.js';

const PATCHED = Symbol.for('simorg.canvas.patched');

// What recording needs loads with the first recording context (a context has a Recording only
// then): record.ts, record-objects.ts, and record-install.ts' wrappers.
let recordModule: typeof RecordModule | undefined;
let recordObjects: typeof RecordObjects | undefined;
const rec = (): typeof RecordModule => (recordModule ??= lazy<typeof RecordModule>('record/record'));
const objs = (): typeof RecordObjects =>
  (recordObjects ??= lazy<typeof RecordObjects>('record/record-objects'));
const installRecording = (): void => lazy<typeof RecordInstall>('record/record-install').installRecording();

type NodeLoader = (this: unknown, m: { exports: unknown }, filename: string, ...rest: unknown[]) => unknown;
interface ModuleInternals {
  _extensions: Record<string, NodeLoader>;
  _cache: Record<string, { exports: unknown } | undefined>;
}

export function interceptBindings(): void {
  const M = Module as unknown as ModuleInternals;
  const load = M._extensions['.node']!;
  M._extensions['.node'] = function (this: unknown, m, filename, ...rest) {
    const r = load.call(this, m, filename, ...rest);
    if (BINDING_FILE.test(filename) && isBinding(m.exports)) patchBinding(m.exports, filename, true);
    return r;
  };
  for (const [file, m] of Object.entries(M._cache)) {
    if (m && BINDING_FILE.test(file) && isBinding(m.exports)) patchBinding(m.exports, file, false);
  }
}

function isBinding(x: unknown): x is Binding {
  const b = x as Partial<Binding> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.Canvas === 'function' &&
    typeof b.CanvasRenderingContext2d === 'function'
  );
}

/** Where the binding came from: `<pkg>/build/Release/canvas.node` -> `<pkg>`. */
export const bindingFiles: string[] = [];

function patchBinding(b: Binding, file: string, fresh: boolean): void {
  if ((b as unknown as Record<symbol, unknown>)[PATCHED]) return;
  Object.defineProperty(b, PATCHED, { value: true });
  const Native = b.Canvas;
  reg.bindings.push({ ...b, Canvas: Native });
  bindingFiles.push(file);
  if (fresh) {
    // lib/bindings.js has not run yet: everyone (createCanvas, `new Canvas`, Vega) gets this
    // constructor, so figures are numbered in true creation order.
    b.Canvas = new Proxy(Native, {
      construct(target, args, newTarget) {
        const c = Reflect.construct(target, args, newTarget) as NCanvas;
        onConstruct(c);
        return c;
      },
    });
  }
  patchCanvasProto(Native.prototype as Record<string, unknown>);
  patchContextProto(b.CanvasRenderingContext2d.prototype as Record<string, unknown>);
  if (reg.recordingInstalled) installRecording();
}

function patchCanvasProto(cp: Record<string, unknown>): void {
  // getContext is defined in JS by lib/canvas.js after the binding loads (or was, if canvas was
  // already loaded): an accessor takes whatever is assigned and hands out our wrapper around it.
  let inner = cp.getContext as Fn | undefined;
  const getContext = function (this: NCanvas, ...args: unknown[]): unknown {
    if (typeof inner !== 'function') throw new TypeError('canvas.getContext is not a function');
    const ctx = inner.apply(this, args) as NContext | undefined;
    if (typeof ctx === 'object' && ctx !== null && ctx[INFO] === undefined)
      onContext(this, ctx, installRecording);
    return ctx;
  };
  Object.defineProperty(cp, 'getContext', {
    configurable: true,
    enumerable: true,
    get: () => getContext,
    set(this: object, v: unknown) {
      if (this === cp) inner = v as Fn;
      else
        Object.defineProperty(this, 'getContext', {
          value: v,
          writable: true,
          configurable: true,
          enumerable: true,
        });
    },
  });
  // A PDF or SVG canvas' toBuffer() finishes its surface: what it gives is kept as the figure.
  const toBuffer = cp.toBuffer as Fn | undefined;
  if (typeof toBuffer === 'function') {
    cp.toBuffer = function (this: NCanvas, ...args: unknown[]): unknown {
      if (!isOwnSurface(this)) return toBuffer.apply(this, args);
      const cb = args[0];
      if (typeof cb === 'function') {
        args[0] = (err: unknown, buf: unknown) => {
          if (!err) keepOwn(this, buf);
          return (cb as Fn).call(undefined, err, buf);
        };
      }
      const res = toBuffer.apply(this, args);
      keepOwn(this, res);
      return res;
    };
  }
  for (const key of ['width', 'height']) {
    const d = Object.getOwnPropertyDescriptor(cp, key);
    if (!d || !d.set || !d.configurable) continue;
    const set = d.set;
    Object.defineProperty(cp, key, {
      ...d,
      set(this: NCanvas, v: unknown) {
        const ctx = this.context;
        const t = ctx ? (ctx[INFO] as Tracked | null | undefined) : undefined;
        // node-canvas re-creates the surface and resets the context (not for PDF: page size only).
        const resets = !!t && typeof v === 'number' && v >>> 0 <= 32767 && this.type !== 'pdf';
        if (resets && t.sinceClear) preserve(ctx, t);
        set.call(this, v);
        if (resets && ctx) {
          t.gen++;
          if (ctx[REC]) ctx[REC] = t.entry.recording = new (rec().Recording)(reg.state.flags.maxVectorOps);
        }
      },
    });
  }
}

// The always-on wrappers: the few calls that put something on a canvas (so it is a figure), that
// use another canvas as a source (so that one is not), and clearRect (a wipe). Not hot per point.
function patchContextProto(p: Record<string, unknown>): void {
  for (const name of ['fill', 'stroke', 'fillText', 'strokeText']) {
    const n = p[name] as Fn;
    p[name] = function (this: NContext, ...args: unknown[]): unknown {
      const res = n.apply(this, args);
      touch(this);
      const r = this[REC] as Recording | null | undefined;
      if (r) r.ref(rec().OP.CALL, name, objs().copyArgs(args));
      return res;
    };
  }
  patchTextMode(p);
  for (const name of ['fillRect', 'strokeRect'] as const) {
    const n = p[name] as Fn;
    const fill = name === 'fillRect';
    p[name] = function (this: NContext, x: number, y: number, w: number, h: number): void {
      let r = this[REC] as Recording | null | undefined;
      // A background painted over everything (x, y <= 0 first: cheap, and true of nearly all of them).
      if (r && fill && x <= 0 && y <= 0 && fillWipes(this, x, y, w, h))
        r = startOver(this, this[INFO] as Tracked, r) ?? r;
      n.call(this, x, y, w, h);
      touch(this);
      if (r) r.op4(fill ? rec().OP.FILL_RECT : rec().OP.STROKE_RECT, x, y, w, h);
    };
  }
  const clearRect = p.clearRect as Fn;
  p.clearRect = function (this: NContext, x: number, y: number, w: number, h: number): void {
    const t = this[INFO] as Tracked | null | undefined;
    let r = this[REC] as Recording | null | undefined;
    if (t) {
      if (t.sinceClear && coversCanvas(this, t, x, y, w, h)) {
        preserve(this, t);
        if (r) {
          const fresh = startOver(this, t, r);
          if (fresh) r = fresh;
          else r.clears.push(r.length);
        }
      }
      t.gen++;
    }
    clearRect.call(this, x, y, w, h);
    if (r) r.op4(rec().OP.CLEAR_RECT, x, y, w, h);
  };
  const drawImage = p.drawImage as Fn;
  p.drawImage = function (this: NContext, ...args: unknown[]): unknown {
    const src = args[0];
    const r = this[REC] as Recording | null | undefined;
    // Before the call: the source may be this very canvas.
    const source = r ? snapshotSource(src) : undefined;
    const res = drawImage.apply(this, args);
    if (this[INFO] !== null && isCanvas(src)) markSource(src);
    touch(this);
    if (r) {
      r.ref(rec().OP.DRAW_IMAGE, { source, args: args.slice(1).map(Number) } satisfies DrawImage);
      if (source !== src && isCanvas(source)) r.charge(source.width * source.height * 4, source); // a pixel copy kept
    }
    return res;
  };
  const putImageData = p.putImageData as Fn;
  p.putImageData = function (this: NContext, ...args: unknown[]): unknown {
    const res = putImageData.apply(this, args);
    touch(this);
    const r = this[REC] as Recording | null | undefined;
    if (r) {
      const put = objs().putImage(args);
      if (put) {
        r.ref(rec().OP.PUT_IMAGE, put);
        r.charge(put.data.data.byteLength, put);
      }
    }
    return res;
  };
  const createPattern = p.createPattern as Fn;
  p.createPattern = function (this: NContext, src: unknown, repetition: unknown): unknown {
    const pat = createPattern.call(this, src, repetition);
    if (this[INFO] !== null) {
      if (isCanvas(src)) markSource(src);
      if (typeof pat === 'object' && pat !== null && wantsRecording(this.canvas))
        reg.patterns.set(pat, objs().patternDesc(src, repetition));
    }
    return pat;
  };
}
