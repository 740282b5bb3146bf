// Loading the hook's heavier parts (saving, show, capture) only when they are needed, and
// synchronously, because the `exit` event allows nothing else. CommonJS can simply require; an
// ES module cannot load another synchronously, so the ESM build requires the same file from the
// CommonJS build beside it (dist/hook-cjs). Both copies keep their state in hookState(), so which
// copy runs does not matter. This keeps `--import simorg/register` to a handful of small files.
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Capture from './capture.js';
import type * as Save from './save.js';
import type * as Show from './show.js';

interface Lazy {
  save: typeof Save;
  show: typeof Show;
  capture: typeof Capture;
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
