// `node --require simorg/register script.js` (`-r`): the hook for a script that does not import
// simorg, preloaded as CommonJS, and the preload the runner starts every Node script with (why
// CommonJS, and why bundled: docs/architecture.md, "The hook"). ES-module scripts are served too:
// node-canvas' binding loads through Module's `.node` loader (canvas-install.ts), and the ES
// modules a script imports are found at exit from its static imports (capture-static.ts).
import { envSwitch } from './flags.js';
import { install } from './install.js';
import { lazy } from './lazy.js';
import type * as Capture from './capture/capture.js';
import type * as Warn from './warn.js';

// SIMORG_CAPTURE_DYNAMIC_IMPORTS watches ES modules load through module.register() loader hooks,
// which Node 20 ignores when registered from a --require preload (and it runs --require preloads
// again in the hooks' own thread): say so, and find modules the default way instead.
const DYNAMIC_NEEDS_IMPORT =
  'simorg: SIMORG_CAPTURE_DYNAMIC_IMPORTS needs the hook preloaded with `node --import simorg/register`, ' +
  'not --require; modules are found from the require cache and the static imports instead';

install(() => ({
  installCapture() {
    const capture = lazy<typeof Capture>('capture/capture');
    if (!envSwitch(process.env.SIMORG_CAPTURE_DYNAMIC_IMPORTS)) return capture.installCapture();
    lazy<typeof Warn>('warn').warnOnce(DYNAMIC_NEEDS_IMPORT);
    capture.installCapture({ ...process.env, SIMORG_CAPTURE_DYNAMIC_IMPORTS: undefined });
  },
}));
