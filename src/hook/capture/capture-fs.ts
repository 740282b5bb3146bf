// Files the script reads and writes through `fs`, recorded by wrapping the public fs functions
// (sync, callback, promises, streams, open with flags). Installed only when SIMORG_MANIFEST is set.
// syncBuiltinESMExports() makes `import { readFileSync } from 'node:fs'` see the wrappers too.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FsRecord {
  read: Set<string>;
  written: Set<string>;
}

type Kind = 'read' | 'write' | 'open';
type AnyFn = (...args: unknown[]) => unknown;

function toPath(p: unknown): string | undefined {
  try {
    if (typeof p === 'string') return resolve(p);
    if (p instanceof URL) return p.protocol === 'file:' ? fileURLToPath(p) : undefined;
    if (Buffer.isBuffer(p)) return resolve(p.toString('utf8'));
  } catch {
    // not a path we can name
  }
  return undefined; // file descriptors and FileHandles: the open that made them was recorded
}

const { O_WRONLY = 1, O_RDWR = 2 } = fs.constants;

/** fs as it was before the wrappers, for the hook's own reads (package.json versions...). */
export const rawReadFileSync = fs.readFileSync;

/** Whether open flags ('r', 'w+', 'a', O_WRONLY|O_CREAT...) read, write or both. */
export function openMode(flags: unknown): { read: boolean; write: boolean } {
  if (typeof flags === 'number') {
    const acc = flags & 3;
    return { read: acc !== O_WRONLY, write: acc === O_WRONLY || acc === O_RDWR };
  }
  const f = typeof flags === 'string' ? flags : 'r';
  const plus = f.includes('+');
  const writes = /[wa]/.test(f);
  return { read: !writes || plus, write: writes || plus };
}

function wrap(
  target: Record<string, unknown>,
  name: string,
  kind: Kind,
  rec: FsRecord,
  second?: 'dest',
): void {
  const orig = target[name];
  if (typeof orig !== 'function' || (orig as { __simorg?: true }).__simorg) return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const p = toPath(args[0]);
    if (p) {
      if (kind === 'read') rec.read.add(p);
      else if (kind === 'write' && !second) rec.written.add(p);
      else if (kind === 'open') {
        const m = openMode(
          typeof args[1] === 'object' && args[1] !== null ? (args[1] as { flags?: unknown }).flags : args[1],
        );
        if (m.read) rec.read.add(p);
        if (m.write) rec.written.add(p);
      }
    }
    if (second) {
      const d = toPath(args[1]);
      if (d) rec.written.add(d);
    }
    return (orig as AnyFn).apply(this, args);
  };
  Object.defineProperty(wrapped, '__simorg', { value: true });
  Object.defineProperty(wrapped, 'name', { value: name });
  // util.promisify(fs.readFile) and friends must keep working.
  for (const k of Object.getOwnPropertySymbols(orig))
    (wrapped as unknown as Record<symbol, unknown>)[k] = (orig as unknown as Record<symbol, unknown>)[k];
  target[name] = wrapped;
}

export function installFsCapture(rec: FsRecord): void {
  const f = fs as unknown as Record<string, unknown>;
  const p = fs.promises as unknown as Record<string, unknown>;
  for (const n of ['readFileSync', 'readFile', 'createReadStream']) wrap(f, n, 'read', rec);
  for (const n of [
    'writeFileSync',
    'writeFile',
    'appendFileSync',
    'appendFile',
    'createWriteStream',
    'truncateSync',
    'truncate',
  ]) {
    wrap(f, n, 'write', rec);
  }
  for (const n of ['openSync', 'open']) wrap(f, n, 'open', rec);
  // copy: source read, destination written; rename: destination written.
  for (const n of ['copyFileSync', 'copyFile', 'cpSync', 'cp']) wrap(f, n, 'read', rec, 'dest');
  for (const n of ['renameSync', 'rename']) wrap(f, n, 'write', rec, 'dest');
  wrap(p, 'readFile', 'read', rec);
  for (const n of ['writeFile', 'appendFile', 'truncate']) wrap(p, n, 'write', rec);
  wrap(p, 'open', 'open', rec);
  wrap(p, 'copyFile', 'read', rec, 'dest');
  wrap(p, 'cp', 'read', rec, 'dest');
  wrap(p, 'rename', 'write', rec, 'dest');
  syncBuiltinESMExports();
}
