// The hook's files are built both as ES modules (no __filename) and as CommonJS (no
// import.meta.url), and bundled: the one way to know where the running code lives in all of these
// is a raw V8 call site (unaffected by source maps). Used by index.ts, lazy.ts and canvas.ts.
import { fileURLToPath } from 'node:url';

/** The path of the file whose code called this function. */
export function callerFile(): string {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_err, sites) => sites;
    Error.stackTraceLimit = 2; // this function's frame and its caller's (a script may have set 0)
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const file = sites[1]?.getFileName() ?? '';
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
