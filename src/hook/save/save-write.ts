// Writing one figure file: whole, under a temporary name beside the target, then renamed.
import { renameSync, unlinkSync, writeFileSync, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Beside the target, hidden, per process: the capture (manifest-build.ts) leaves these out. */
export function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.simorg-tmp${process.pid}`);
}

// A figure is written whole under a temporary name and renamed: a full disk or a kill mid-write
// leaves the previous file (or none), never a truncated one.
export function writeAtomicSync(path: string, data: Buffer): void {
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never made
    }
    throw err;
  }
}

export async function writeAtomic(path: string, data: Buffer): Promise<void> {
  const tmp = tempName(path);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, path);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => {});
    throw err;
  }
}
