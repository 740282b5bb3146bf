import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Packages the runner itself preloads (tsx and esbuild for TypeScript scripts) come from simorg's
// own install, not from the script's folders; they are looked up there when the script's folders
// do not have them.
const OWN_DIR = dirname(fileURLToPath(import.meta.url));

// The version of a package installed now, as Node would find it from a script's folder: the first
// `node_modules/<name>/package.json` going upwards. Answers are cached per (folder, name), so many
// scripts in one folder cost one lookup per package.
export class InstalledPackages {
  private readonly cache = new Map<string, string | null>();

  /** Installed version of `name` seen from `fromDir` (else from simorg's own folder), or null. */
  version(fromDir: string, name: string): string | null {
    return this.lookup(fromDir, name) ?? this.lookup(OWN_DIR, name);
  }

  private lookup(fromDir: string, name: string): string | null {
    const key = `${fromDir}\0${name}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let found: string | null = null;
    if (!fromDir.endsWith('/node_modules')) {
      const pkgJson = join(fromDir, 'node_modules', name, 'package.json');
      found = readVersion(pkgJson);
    }
    if (found === null) {
      const parent = dirname(fromDir);
      found = parent === fromDir ? null : this.lookup(parent, name);
    }
    this.cache.set(key, found);
    return found;
  }
}

function readVersion(pkgJson: string): string | null {
  let text;
  try {
    text = readFileSync(pkgJson, 'utf8');
  } catch {
    return null;
  }
  try {
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'string' ? v : '?';
  } catch {
    return '?';
  }
}
