// `node --import simorg/register script.js`: the hook for a script that does not import simorg.
// It does lazy.ts' job itself (require the CommonJS build beside it, see there for why) rather than
// import lazy.ts: this file is on the path of every run, and each ES module costs a load of its own
// (some 1.5 ms). index.ts does the same.
import { createRequire } from 'node:module';
import type * as Install from './install.js';

function installModule(): typeof Install {
  if (typeof require === 'function' && typeof module === 'object') return require('./install.js') as typeof Install;
  // This file's URL from a raw V8 call site (unaffected by source maps). The ESM build is
  // dist/hook/register.js, its CommonJS copy dist/hook-cjs/install.js; sources run directly (through
  // a TS loader) have no CommonJS copy: require the .ts beside this file.
  const prev = Error.prepareStackTrace;
  let here: string;
  try {
    Error.prepareStackTrace = (_err, sites) => sites;
    here = (new Error().stack as unknown as NodeJS.CallSite[])[0]!.getFileName()!;
  } finally {
    Error.prepareStackTrace = prev;
  }
  if (/\.[cm]?ts$/.test(here)) return createRequire(here)('./install.ts') as typeof Install;
  return createRequire(here)(/[\\/]hook[\\/]register\.js$/.test(here) ? '../hook-cjs/install.js' : './install.js') as typeof Install;
}

installModule().install();
