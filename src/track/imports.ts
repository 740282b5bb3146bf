import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { MODULE_EXTS, resolveLocalFile } from '../hook/file-lookup.js';

// A static import scan, for what no run has told us yet: `status --why` of a never-run script says
// what it will depend on, and `scan` tells helper modules from scripts. It over-approximates
// (type-only imports count) and misses computed specifiers; a run records what was really loaded.

export interface ImportScan {
  /** Absolute paths of the local modules reached, transitively, without the script itself. */
  modules: string[];
  /** Bare specifiers reduced to package names (`@scope/name` or `name`). */
  packages: string[];
}

/** Extensions whose files can hold JavaScript imports. */
export const IMPORTING_EXTS = new Set(MODULE_EXTS.filter((e) => e !== '.json'));
const REQUIRE = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const FALLBACK = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;
const MAY_IMPORT = /\b(?:import|export|require)\b/;

type Lexer = typeof import('es-module-lexer');
let lexer: Lexer | undefined;
// Required and compiled synchronously, on first use: `scan` is synchronous, and most commands never
// need the lexer at all.
function lex(): Lexer {
  if (!lexer) {
    lexer = createRequire(import.meta.url)('es-module-lexer') as Lexer;
    lexer.initSync();
  }
  return lexer;
}

interface Direct {
  local: string[];
  packages: string[];
}

/** Reads and lexes each file once, however many scripts reach it. */
export class ImportScanner {
  private readonly direct = new Map<string, Direct>();
  /** Absolute specifier path -> the file it resolves to: scripts of one folder import the same ones. */
  private readonly resolved = new Map<string, string | null>();

  private resolve(base: string): string | null {
    let hit = this.resolved.get(base);
    if (hit === undefined) {
      hit = resolveLocalFile(base) ?? null;
      this.resolved.set(base, hit);
    }
    return hit;
  }

  /** Local modules (absolute, outside node_modules) and packages `file` imports itself. */
  directImports(file: string): Direct {
    let d = this.direct.get(file);
    if (!d) {
      d = { local: [], packages: [] };
      if (IMPORTING_EXTS.has(extname(file))) {
        for (const spec of new Set(specifiers(file))) {
          if (spec.startsWith('node:')) continue;
          if (spec.startsWith('.') || spec.startsWith('/')) {
            const hit = this.resolve(resolve(dirname(file), spec));
            if (hit && hit !== file && !hit.includes('/node_modules/')) d.local.push(hit);
          } else if (!spec.includes(':')) {
            const parts = spec.split('/');
            d.packages.push(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
          }
        }
      }
      this.direct.set(file, d);
    }
    return d;
  }

  /** Local modules and packages `absScript` imports, transitively. */
  reach(absScript: string): ImportScan {
    const seen = new Set<string>([absScript]);
    const packages = new Set<string>();
    const queue = [absScript];
    while (queue.length) {
      const d = this.directImports(queue.pop()!);
      for (const p of d.packages) packages.add(p);
      for (const m of d.local) {
        if (seen.has(m)) continue;
        seen.add(m);
        queue.push(m);
      }
    }
    seen.delete(absScript);
    return { modules: [...seen].sort(), packages: [...packages].sort() };
  }
}

/** Local modules and packages `absScript` imports, transitively. */
export async function scanImports(absScript: string): Promise<ImportScan> {
  return new ImportScanner().reach(absScript);
}

// One buffer for every read: `scan` reads thousands of small files, and readFileSync pays an fstat
// and a fresh buffer for each.
let buffer = Buffer.allocUnsafe(64 * 1024);

function read(file: string): string | null {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    let n = 0;
    for (;;) {
      const got = readSync(fd, buffer, n, buffer.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
    }
    return buffer.toString('utf8', 0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function specifiers(file: string): string[] {
  const src = read(file);
  if (src === null) return [];
  if (!MAY_IMPORT.test(src)) return [];
  const out: string[] = [];
  try {
    const [imports] = lex().parse(src);
    for (const i of imports) if (i.n !== undefined) out.push(i.n);
  } catch {
    // Syntax the lexer rejects (some TypeScript): a plain pattern scan is good enough here.
    for (const m of src.matchAll(FALLBACK)) out.push(m[2]!);
  }
  for (const m of src.matchAll(REQUIRE)) out.push(m[2]!);
  return out;
}

// Without throwIfNoEntry every miss costs an exception (~20 µs), and a specifier is tried with a
// dozen extensions.
