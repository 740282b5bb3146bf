// Loading the hook's parts synchronously, from the CommonJS build: the one copy of the hook that
// runs, whichever entry loaded it (docs/architecture.md, "The hook": why, and why lazily).
//
// The caller names the module's type (`lazy<typeof Save>('save/save')` beside an
// `import type * as Save`): this file imports none of the modules it loads, so that the hook's
// imports form no circle through it.
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { callerFile } from './own-file.js';

let req: NodeJS.Require | undefined;
let dir = '';
let ext = '.js';

/** The part of the hook at `name` (a path from the hook's top folder, no extension): 'save/save'. */
export function lazy<M>(name: string): M {
  if (!req) {
    const here = callerFile();
    const inCjs = typeof require === 'function' && typeof module === 'object';
    req = inCjs ? require : createRequire(here);
    // ESM build: dist/hook/lazy.js -> dist/hook-cjs/<name>.js. Sources run directly (tests
    // through a TS loader) have no CommonJS copy: require the .ts files beside this one instead.
    // This code runs from the hook's top folder (lazy.js, the register bundles) or one folder
    // below it (the capture bundles, capture/capture.js): names are relative to the top.
    const d = dirname(here);
    const top = /^hook(-cjs)?$/.test(basename(d)) ? d : dirname(d);
    ext = here.endsWith('.ts') ? '.ts' : '.js';
    dir = inCjs || ext === '.ts' ? top : join(dirname(top), 'hook-cjs');
  }
  return req(join(dir, name + ext)) as M;
}
