// Everything `import 'simorg'` and `--import simorg/register` do, once per process however many
// copies of the hook (ESM, CommonJS) load: flags, canvas interception, exit handling, capture.
// Only patch points are set here; what they need loads when used (docs/architecture.md).
import { watchForCanvas } from './canvas/canvas-install.js';
import { installExit } from './exit.js';
import { scriptRun } from './script-run.js';
import { createFlags, flagsFromEnv, type Flags } from './flags.js';
import { hookState } from './state.js';
import { lazy } from './lazy.js';
import type * as Capture from './capture/capture.js';
import type * as Warn from './warn.js';

/** What starts the manifest capture (capture.ts), however it was loaded. */
export type CaptureLoader = () => { installCapture(): void };

/**
 * Installs the hook once per process. `capture` loads capture.ts when SIMORG_MANIFEST asks for a
 * manifest: by default the CommonJS build, synchronously; register.ts passes its ES-module bundle.
 */
export function install(capture: CaptureLoader = () => lazy<typeof Capture>('capture/capture')): Flags {
  let early: string[] | undefined;
  const s = hookState(() => ({
    flags: createFlags(flagsFromEnv(process.env, (line) => (early ??= []).push(line))),
    entries: [],
    byCanvas: new WeakMap(),
    nextSeq: 0,
    saved: false,
  }));
  if (early) for (const line of early) lazy<typeof Warn>('warn').warnOnce(line);
  const run = scriptRun();
  if (!run.installed.has('hook')) {
    run.installed.add('hook');
    // Where the script is, as launched: the script may rewrite process.argv (script-path.ts).
    run.launch = { argv1: process.argv[1], cwd: process.cwd() };
    watchForCanvas(); // the canvas interception loads when node-canvas does (canvas-install.ts)
    // The exit handlers otherwise wait for the first figure (figure-entries.ts).
    if (process.env.SIMORG_MANIFEST) {
      installExit();
      capture().installCapture();
    }
  }
  return s.flags;
}
