// Everything `import 'simorg'` and `--import simorg/register` do, once per process however many
// copies of the hook (ESM, CommonJS) load: flags, canvas interception, exit handling, capture.
// Only patch points are set here, in as few files as will do (each file loaded costs a run some
// 0.2-0.4 ms); what they need (the canvas interception, saving, the manifest) loads when used.
import { Module } from 'node:module';
import { installExit } from './exit.js';
import { extra } from './extra.js';
import { createFlags, flagsFromEnv, type Flags } from './flags.js';
import { hookState } from './state.js';
import { lazy } from './lazy.js';

export function install(): Flags {
  let early: string[] | undefined;
  const s = hookState(() => ({
    flags: createFlags(flagsFromEnv(process.env, (line) => (early ??= []).push(line))),
    entries: [],
    byCanvas: new WeakMap(),
    nextSeq: 0,
    saved: false,
  }));
  if (early) for (const line of early) lazy('warn').warnOnce(line);
  const x = extra();
  if (!x.installed.has('hook')) {
    x.installed.add('hook');
    // Where the script is, as launched: the script may rewrite process.argv (script-path.ts).
    x.launch = { argv1: process.argv[1], cwd: process.cwd() };
    watchForCanvas();
    installExit();
    if (process.env.SIMORG_MANIFEST) lazy('capture').installCapture();
  }
  return s.flags;
}

// The canvas interception (canvas.ts and the canvas-*, record*, replay files it imports) is about
// a third of what loading the hook used to cost, and a script that never loads node-canvas never
// needs it. So here we only wrap Node's `.node` loader (the patch point canvas-patch.ts uses) and
// install the interception when node-canvas' binding loads, before its exports reach anyone: the
// binding is then patched as freshly loaded, exactly as if the interception had been there all along.
const BINDING_FILE = /[\\/]canvas\.node$/; // as canvas-patch.ts matches it

type NodeLoader = (this: unknown, m: unknown, filename: string, ...rest: unknown[]) => unknown;
interface ModuleInternals {
  _extensions: Record<string, NodeLoader>;
  _cache: Record<string, unknown>;
}

function installCanvasHook(): void {
  lazy('canvas').installCanvasHook();
}

function watchForCanvas(): void {
  const M = Module as unknown as ModuleInternals;
  // node-canvas loaded before the hook (`require('canvas')` above `require('simorg')`): at once.
  for (const file in M._cache) {
    if (BINDING_FILE.test(file)) return installCanvasHook();
  }
  const orig = M._extensions['.node']!;
  let done = false;
  const watch: NodeLoader = function (this: unknown, m, filename, ...rest) {
    if (done || !BINDING_FILE.test(filename)) return orig.call(this, m, filename, ...rest);
    done = true;
    if (M._extensions['.node'] === watch) {
      // Step aside, let the interception wrap the real loader, and load through it.
      M._extensions['.node'] = orig;
      installCanvasHook();
      return M._extensions['.node']!.call(this, m, filename, ...rest);
    }
    // Something wrapped the loader after us (the interception itself, installed early by a save,
    // or another tool): load, then install; the interception finds the binding in the cache.
    const r = orig.call(this, m, filename, ...rest);
    installCanvasHook();
    return r;
  };
  M._extensions['.node'] = watch;
}
