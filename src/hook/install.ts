// Everything `import 'simorg'` and `--import simorg/register` do, once per process however many
// copies of the hook (ESM, CommonJS) load: flags, canvas interception, exit handling, capture.
import { installCanvasHook } from './canvas.js';
import { installExit } from './exit.js';
import { extra } from './extra.js';
import { createFlags, flagsFromEnv, type Flags } from './flags.js';
import { scriptInfo } from './script-path.js';
import { hookState } from './state.js';
import { lazy } from './lazy.js';
import { warnOnce } from './warn.js';

export function install(): Flags {
  const early: string[] = [];
  const s = hookState(() => ({
    flags: createFlags(flagsFromEnv(process.env, (line) => early.push(line))),
    entries: [],
    byCanvas: new WeakMap(),
    nextSeq: 0,
    saved: false,
  }));
  for (const line of early) warnOnce(line);
  const x = extra();
  if (!x.installed.has('hook')) {
    x.installed.add('hook');
    scriptInfo(); // before the script can rewrite process.argv
    installCanvasHook();
    installExit();
    if (process.env.SIMORG_MANIFEST) lazy('capture').installCapture();
  }
  return s.flags;
}
