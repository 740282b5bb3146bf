// `node --import simorg/register script.js`: the hook for a script that does not import simorg.
// This file is on the path of every run, so the build bundles it with what it imports (install,
// flags, state, the exit and canvas patch points: scripts/bundle-hook.mjs) into one ES module,
// dist/hook/register.js: each module file Node loads costs some 0.5 ms here, the bundle one load.
// Under the runner (SIMORG_MANIFEST) the capture comes as a second bundle, dist/hook/capture.js,
// imported as an ES module: the ESM loader is warm by now, while the first CommonJS loads of a
// process cost some 6 ms more. What loads later (the canvas interception, saving) comes from the
// CommonJS build through lazy.ts, sharing the one hook state on globalThis (state.ts).
import { install } from './install.js';

const capture = process.env.SIMORG_MANIFEST ? await import('./capture/capture.js') : undefined;
install(capture && (() => capture));
