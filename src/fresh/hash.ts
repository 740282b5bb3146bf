import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Db } from '../store/db.js';
import { hashCacheTable, type HashCacheRow, type HashCacheTable } from '../store/hash-cache.js';

export interface FileHash {
  hash: string;
  size: number;
  mtimeMs: number;
}

// A file modified this close to (or after) the moment it was hashed may have changed again within
// the same mtime tick without changing size; such entries are re-hashed once (git's "racy" rule).
export const RACY_MS = 2000;

export interface HashCacheOptions {
  /** Keep new cache rows in memory until flush() (one transaction instead of one per file). */
  deferWrites?: boolean;
}

// Content hash of a file, reusing the cached one while size and mtime are unchanged, so a warm
// `simorg status` reads no file contents at all. Returns null for a missing file.
export class HashCache {
  private readonly table: HashCacheTable;
  private readonly deferWrites: boolean;
  private preloaded: Map<string, HashCacheRow> | null = null;
  private pending: HashCacheRow[] = [];
  /** How many files were actually read and hashed (for tests and benchmarks). */
  hashed = 0;
  private readonly memo = new Map<string, FileHash | null>();
  /** Paths whose stat or read failed for a reason other than absence (their null says little). */
  readonly failed = new Set<string>();

  constructor(db: Db, options: HashCacheOptions = {}) {
    this.table = hashCacheTable(db);
    this.deferWrites = options.deferWrites === true;
  }

  /** Reads the whole cache in one query; worth it when most cached paths will be asked for. */
  preload(): this {
    if (this.preloaded) return this;
    this.preloaded = new Map(this.table.all().map((row) => [row.path, row]));
    return this;
  }

  /** Hash of `absPath` now. Memoised for the life of this object: create one per command. */
  hash(absPath: string): FileHash | null {
    const known = this.memo.get(absPath);
    if (known !== undefined) return known;
    const result = this.compute(absPath);
    this.memo.set(absPath, result);
    return result;
  }

  /** Every path asked for so far, with what was found (null: missing or not a file). */
  observed(): ReadonlyMap<string, FileHash | null> {
    return this.memo;
  }

  /** Forget what this object memoised (watch mode calls it between rounds). */
  clearMemo(): void {
    this.memo.clear();
    this.failed.clear();
    this.preloaded = null;
  }

  /** Writes deferred cache rows in one transaction. */
  flush(): void {
    if (!this.pending.length) return;
    const rows = this.pending;
    this.pending = [];
    this.table.put(rows);
  }

  private lookup(absPath: string): HashCacheRow | undefined {
    if (this.preloaded) return this.preloaded.get(absPath);
    return this.table.get(absPath);
  }

  private compute(absPath: string): FileHash | null {
    let st;
    try {
      st = statSync(absPath, { throwIfNoEntry: false });
    } catch {
      this.failed.add(absPath);
      return null;
    }
    if (!st?.isFile()) return null;
    const cached = this.lookup(absPath);
    if (
      cached &&
      cached.size === st.size &&
      cached.mtimeMs === st.mtimeMs &&
      st.mtimeMs < cached.hashedAt - RACY_MS
    ) {
      return { hash: cached.hash, size: st.size, mtimeMs: st.mtimeMs };
    }
    let data;
    try {
      data = readFileSync(absPath);
    } catch {
      this.failed.add(absPath);
      return null;
    }
    this.hashed++;
    const hash = hashBytes(data);
    const row: HashCacheRow = {
      path: absPath,
      size: st.size,
      mtimeMs: st.mtimeMs,
      hash,
      hashedAt: Date.now(),
    };
    if (this.deferWrites) this.pending.push(row);
    else this.table.put([row]);
    this.preloaded?.set(absPath, row);
    return { hash, size: st.size, mtimeMs: st.mtimeMs };
  }
}

export function hashBytes(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}
