import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

// A static import scan for scripts that have never run, so `status --why` can already say what
// they will depend on. It over-approximates (type-only imports count) and misses computed
// specifiers; the first run replaces it with what was really loaded.

export interface ScanResult {
  /** Absolute paths of the local modules reached, transitively, without the script itself. */
  modules: string[];
  /** Bare specifiers reduced to package names (`@scope/name` or `name`). */
  packages: string[];
}

const SOURCE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
// tsx and TypeScript let `./a.js` name `./a.ts` when no `./a.js` exists.
const TWINS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const REQUIRE = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const FALLBACK = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;

type Lexer = typeof import('es-module-lexer');
let lexer: Lexer | undefined;

/** Local modules and packages `absScript` imports, transitively. */
export async function scanImports(absScript: string): Promise<ScanResult> {
  if (!lexer) {
    lexer = await import('es-module-lexer');
    await lexer.init;
  }
  const seen = new Set<string>([absScript]);
  const packages = new Set<string>();
  const queue = [absScript];
  while (queue.length) {
    const file = queue.pop()!;
    if (extname(file) === '.json') continue;
    for (const spec of specifiers(file, lexer)) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const hit = resolveLocal(resolve(dirname(file), spec));
        if (hit && !seen.has(hit) && !hit.includes('/node_modules/')) {
          seen.add(hit);
          queue.push(hit);
        }
      } else if (!spec.includes(':')) {
        const parts = spec.split('/');
        packages.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
  }
  seen.delete(absScript);
  return { modules: [...seen].sort(), packages: [...packages].sort() };
}

function specifiers(file: string, lex: Lexer): string[] {
  let src;
  try {
    src = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  try {
    const [imports] = lex.parse(src);
    for (const i of imports) if (i.n !== undefined) out.push(i.n);
  } catch {
    // Syntax the lexer rejects (some TypeScript): a plain pattern scan is good enough here.
    for (const m of src.matchAll(FALLBACK)) out.push(m[2]!);
  }
  for (const m of src.matchAll(REQUIRE)) out.push(m[2]!);
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file Node or tsx would load for an absolute specifier path, or null. */
export function resolveLocal(base: string): string | null {
  if (isFile(base)) return base;
  const ext = extname(base);
  for (const twin of TWINS[ext] ?? []) {
    const p = base.slice(0, -ext.length) + twin;
    if (isFile(p)) return p;
  }
  for (const e of SOURCE_EXTS) if (isFile(base + e)) return base + e;
  for (const e of SOURCE_EXTS) if (isFile(`${base}/index${e}`)) return `${base}/index${e}`;
  return null;
}
