// The one patch point the canvas interception needs before node-canvas loads: Node's `.node`
// loader. Loaded with the hook (install.ts), so it stays small: the interception itself
// (canvas.ts and the canvas-*, record*, replay files) loads only when node-canvas' binding does,
// before its exports reach anyone, so the binding is patched as freshly loaded, exactly as if the
// interception had been there all along. A script that never loads node-canvas never pays for it.
import { Module } from 'node:module';
import { lazy } from '../lazy.js';

/** node-canvas' native binding (`<pkg>/build/Release/canvas.node`). */
export const BINDING_FILE = /[\\/]canvas\.node$/;

type NodeLoader = (this: unknown, m: unknown, filename: string, ...rest: unknown[]) => unknown;
interface ModuleInternals {
  _extensions: Record<string, NodeLoader>;
  _cache: Record<string, unknown>;
}

function installCanvasHook(): void {
  lazy<{ installCanvasHook(): void }>('canvas/canvas').installCanvasHook();
}

/** Installs the canvas interception when node-canvas' binding loads (at once if it already has). */
export function watchForCanvas(): void {
  const loader = Module as unknown as ModuleInternals;
  // node-canvas loaded before the hook (`require('canvas')` above `require('simorg')`): at once.
  for (const file in loader._cache) {
    if (BINDING_FILE.test(file)) return installCanvasHook();
  }
  const orig = loader._extensions['.node']!;
  let done = false;
  const watch: NodeLoader = function (this: unknown, m, filename, ...rest) {
    if (done || !BINDING_FILE.test(filename)) return orig.call(this, m, filename, ...rest);
    done = true;
    if (loader._extensions['.node'] === watch) {
      // Step aside, let the interception wrap the real loader, and load through it.
      loader._extensions['.node'] = orig;
      installCanvasHook();
      return loader._extensions['.node']!.call(this, m, filename, ...rest);
    }
    // Something wrapped the loader after us (the interception itself, installed early by a save,
    // or another tool): load, then install; the interception finds the binding in the cache.
    const r = orig.call(this, m, filename, ...rest);
    installCanvasHook();
    return r;
  };
  loader._extensions['.node'] = watch;
}
