import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// Files a run touches that are not its inputs or outputs: what the runtime reads and writes for
// itself. Counting them would make every TypeScript script depend on every other one (tsx's
// transform cache is written by one run and read by the next), a clean-up of the temp folder would
// make all of them stale, and a script reading /proc/self/status would be stale forever.
// Packages count by name and version only (packages.ts), so node_modules is left out too.

// tsx keeps its transform cache in <tmp>/tsx-<uid>/ (tsx's temporary-directory module).
const TSX_CACHE = `${tmpdir()}/tsx-`;
// simorg's own files, wherever it is installed or linked from: <package>/dist/store/this-file.js.
const OWN = dirname(dirname(dirname(fileURLToPath(import.meta.url)))) + '/';
const OWN_PARTS = [`${OWN}dist/`, `${OWN}bin/`, `${OWN}package.json`];

const SYSTEM = /^\/(proc|sys|dev)(\/|$)/;
const NODE_MODULES = /(^|\/)node_modules\//;

/** Whether a path as run_files stores it (root-relative with '/', or absolute) is the runtime's own. */
export function isRuntimeFile(p: string): boolean {
  if (p.startsWith('.simorg/') || NODE_MODULES.test(p) || p.endsWith('.map')) return true;
  if (p.charCodeAt(0) !== 47 /* '/' */) return false; // relative: inside the project
  return SYSTEM.test(p) || p.startsWith(TSX_CACHE) || OWN_PARTS.some((o) => p.startsWith(o));
}
