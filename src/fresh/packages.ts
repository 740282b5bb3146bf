import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_CHAIN_SEPARATOR } from '../hook/capture/manifest.js';

// Packages the runner itself preloads (tsx and esbuild for TypeScript scripts) come from simorg's
// own install, not from the script's folders; they are looked up there when the script's folders
// do not have them.
const OWN_DIR = dirname(fileURLToPath(import.meta.url));

// The version of a package installed now, as Node would find it from a script's folder: the first
// `node_modules/<name>/package.json` going upwards; for a nested key (`a>b`), `b` as Node finds it
// from where `a` is. Answers are cached per (folder, name), so many scripts in one folder cost one
// lookup per package.
export class InstalledPackages {
  private readonly cache = new Map<string, { dir: string; version: string } | null>();
  /** Every package.json looked for, with its (size, mtime) when found as a file (null: not there). */
  readonly probed = new Map<string, { size: number; mtimeMs: number } | null>();

  /** Installed version of the package `key` seen from `fromDir` (else from simorg's own folder), or null. */
  version(fromDir: string, key: string): string | null {
    return (this.resolveChain(fromDir, key) ?? this.resolveChain(OWN_DIR, key))?.version ?? null;
  }

  private resolveChain(fromDir: string, key: string): { dir: string; version: string } | null {
    let found: { dir: string; version: string } | null = null;
    let from = fromDir;
    for (const name of key.split(PACKAGE_CHAIN_SEPARATOR)) {
      found = this.lookup(from, name);
      if (!found) return null;
      from = found.dir;
    }
    return found;
  }

  private lookup(fromDir: string, name: string): { dir: string; version: string } | null {
    const key = `${fromDir}\0${name}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let found: { dir: string; version: string } | null = null;
    if (!fromDir.endsWith('/node_modules')) {
      const dir = join(fromDir, 'node_modules', name);
      const version = this.readVersion(join(dir, 'package.json'));
      if (version !== null) found = { dir, version };
    }
    if (found === null) {
      const parent = dirname(fromDir);
      found = parent === fromDir ? null : this.lookup(parent, name);
    }
    this.cache.set(key, found);
    return found;
  }

  // Stat before reading: a file changed in between shows a newer mtime than the one recorded. A
  // file that cannot be stat'ed or read is recorded with an infinite mtime, which no status
  // snapshot accepts (snapshot.ts).
  private readVersion(pkgJson: string): string | null {
    let st;
    try {
      st = statSync(pkgJson, { throwIfNoEntry: false });
    } catch {
      this.probed.set(pkgJson, UNREADABLE);
      return null;
    }
    this.probed.set(pkgJson, st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null);
    if (!st?.isFile()) return null;
    let text;
    try {
      text = readFileSync(pkgJson, 'utf8');
    } catch {
      this.probed.set(pkgJson, UNREADABLE);
      return null;
    }
    return versionOf(text);
  }
}

const UNREADABLE = { size: -1, mtimeMs: Infinity };

function versionOf(text: string): string {
  try {
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'string' ? v : '?';
  } catch {
    return '?';
  }
}
