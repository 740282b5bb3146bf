// `node --import simorg/register script.js`: the hook for a script that does not import simorg,
// bundled into one ES module (docs/architecture.md, "The hook"). Under the runner (SIMORG_MANIFEST)
// the capture comes as a second bundle, imported as an ES module: the ESM loader is warm by now,
// while the first CommonJS loads of a process cost some 6 ms more.
import { install } from './install.js';

const capture = process.env.SIMORG_MANIFEST ? await import('./capture/capture.js') : undefined;
install(capture && (() => capture));
