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
import type * as Canvas from './canvas/canvas.js';
import type * as CanvasOwn from './canvas/canvas-own.js';
import type * as Record_ from './record/record.js';
import type * as RecordCompact from './record/record-compact.js';
import type * as RecordInstall from './record/record-install.js';
import type * as RecordObjects from './record/record-objects.js';
import type * as Replay from './record/replay.js';
import type * as Capture from './capture/capture.js';
import type * as CaptureDynamic from './capture/capture-dynamic.js';
import type * as Install from './install.js';
import type * as ManifestBuild from './capture/manifest-build.js';
import type * as Metrics from './metrics.js';
import type * as Params from './params.js';
import type * as Save from './save/save.js';
import type * as Show from './show.js';
import type * as SvgSize from './save/svg-size.js';
import type * as Warn from './warn.js';

interface Lazy {
  api: typeof Api;
  install: typeof Install;
  'canvas/canvas': typeof Canvas;
  'canvas/canvas-own': typeof CanvasOwn;
  'record/record': typeof Record_;
  'record/record-compact': typeof RecordCompact;
  'record/record-install': typeof RecordInstall;
  'record/record-objects': typeof RecordObjects;
  'record/replay': typeof Replay;
  'save/save': typeof Save;
  show: typeof Show;
  'save/svg-size': typeof SvgSize;
  warn: typeof Warn;
  'capture/capture': typeof Capture;
  'capture/capture-dynamic': typeof CaptureDynamic;
  'capture/manifest-build': typeof ManifestBuild;
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
    // This code runs from the hook's top folder (lazy.js, register bundles) or one folder below
    // it (the capture bundles, capture/capture.js): names are relative to the top.
    const d = dirname(here);
    const top = /^hook(-cjs)?$/.test(basename(d)) ? d : dirname(d);
    ext = here.endsWith('.ts') ? '.ts' : '.js';
    dir = inCjs || ext === '.ts' ? top : join(dirname(top), 'hook-cjs');
  }
  return req(join(dir, name + ext)) as Lazy[K];
}
