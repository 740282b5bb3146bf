// Loading the hook's parts synchronously, from the CommonJS build. An ES module cannot load
// another synchronously (and the `exit` event allows nothing else), and Node loads a graph of
// CommonJS files faster than the same graph as ES modules, so the ESM entry points (index,
// register) are thin: they require the CommonJS build beside them (dist/hook-cjs), which then is
// the one copy of the hook that runs. The canvas interception, saving, show() and the manifest
// load only when needed.
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Api from './api.js';
import type * as Canvas from './canvas.js';
import type * as CanvasOwn from './canvas-own.js';
import type * as Record_ from './record.js';
import type * as RecordCompact from './record-compact.js';
import type * as RecordInstall from './record-install.js';
import type * as RecordObjects from './record-objects.js';
import type * as Replay from './replay.js';
import type * as Capture from './capture.js';
import type * as CaptureDynamic from './capture-dynamic.js';
import type * as Install from './install.js';
import type * as ManifestBuild from './manifest-build.js';
import type * as Metrics from './metrics.js';
import type * as Params from './params.js';
import type * as Save from './save.js';
import type * as Show from './show.js';
import type * as SvgSize from './svg-size.js';
import type * as Warn from './warn.js';

interface Lazy {
  api: typeof Api;
  install: typeof Install;
  canvas: typeof Canvas;
  'canvas-own': typeof CanvasOwn;
  record: typeof Record_;
  'record-compact': typeof RecordCompact;
  'record-install': typeof RecordInstall;
  'record-objects': typeof RecordObjects;
  replay: typeof Replay;
  save: typeof Save;
  show: typeof Show;
  'svg-size': typeof SvgSize;
  warn: typeof Warn;
  capture: typeof Capture;
  'capture-dynamic': typeof CaptureDynamic;
  'manifest-build': typeof ManifestBuild;
  params: typeof Params;
  metrics: typeof Metrics;
}

/** This file's own path, from a raw V8 call site (unaffected by source maps). */
function ownFile(): string {
  const prev = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_err, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const f = sites[0]?.getFileName() ?? '';
    return f.startsWith('file:') ? fileURLToPath(f) : f;
  } finally {
    Error.prepareStackTrace = prev;
  }
}

let req: NodeJS.Require | undefined;
let dir = '';
let ext = '.js';

export function lazy<K extends keyof Lazy>(name: K): Lazy[K] {
  if (!req) {
    const here = ownFile();
    const inCjs = typeof require === 'function' && typeof module === 'object';
    req = inCjs ? require : createRequire(here);
    // ESM build: dist/hook/lazy.js -> dist/hook-cjs/<name>.js. Sources run directly (tests
    // through a TS loader) have no CommonJS copy: require the .ts beside this file instead.
    const d = dirname(here);
    ext = here.endsWith('.ts') ? '.ts' : '.js';
    dir = inCjs || ext === '.ts' ? d : join(dirname(d), basename(d) === 'hook' ? 'hook-cjs' : basename(d));
  }
  return req(join(dir, name + ext)) as Lazy[K];
}
