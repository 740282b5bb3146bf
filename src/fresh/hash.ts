import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Db } from '../store/db.js';

export interface FileHash {
  hash: string;
  size: number;
  mtimeMs: number;
}

// Content hash of a file, reusing the cached one while size and mtime are unchanged, so a warm
// `simorg status` reads no file contents at all. Returns null for a missing file.
export class HashCache {
  private readonly get;
  private readonly put;
  /** How many files were actually read and hashed (for tests and benchmarks). */
  hashed = 0;
  private readonly memo = new Map<string, FileHash | null>();

  constructor(db: Db) {
    this.get = db.prepare<[string], { size: number; mtime_ms: number; hash: string }>(
      'SELECT size, mtime_ms, hash FROM hash_cache WHERE path = ?',
    );
    this.put = db.prepare(
      'INSERT INTO hash_cache (path, size, mtime_ms, hash) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash',
    );
  }

  /** Hash of `absPath` now. Memoised for the life of this object: create one per command. */
  hash(absPath: string): FileHash | null {
    const known = this.memo.get(absPath);
    if (known !== undefined) return known;
    const result = this.compute(absPath);
    this.memo.set(absPath, result);
    return result;
  }

  /** Forget what this object memoised (watch mode calls it between rounds). */
  clearMemo(): void {
    this.memo.clear();
  }

  private compute(absPath: string): FileHash | null {
    let st;
    try {
      st = statSync(absPath);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const cached = this.get.get(absPath);
    if (cached && cached.size === st.size && cached.mtime_ms === st.mtimeMs) {
      return { hash: cached.hash, size: st.size, mtimeMs: st.mtimeMs };
    }
    let data;
    try {
      data = readFileSync(absPath);
    } catch {
      return null;
    }
    this.hashed++;
    const hash = hashBytes(data);
    this.put.run(absPath, st.size, st.mtimeMs, hash);
    return { hash, size: st.size, mtimeMs: st.mtimeMs };
  }
}

export function hashBytes(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}
