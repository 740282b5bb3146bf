// ES modules the script loaded, found without watching them load: follow the static imports (and
// dynamic imports of a literal specifier) from the main script with es-module-lexer, at exit.
// Local files by path, resolved as Node and tsx do (`./x.js` may name `./x.ts`, a folder its
// index file); packages by name, found in node_modules from the importing file's folder. Cheap
// enough to run on every run (watching ESM load needs loader hooks on a thread of their own, see
// capture-dynamic.ts), and honest about its limits: imports with computed specifiers are not seen.
// The packages an ES-module package imports in turn are not followed here: manifest-build.ts adds
// the closure of their declared dependencies (CommonJS ones are seen in require.cache).
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { resolveLocalFile } from '../file-lookup.js';

type Lexer = {
  initSync(): void;
  parse(
    src: string,
  ): readonly [ReadonlyArray<{ n?: string; ss: number; s: number; d: number }>, ...unknown[]];
};

const PARSED = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

/** The file a relative or absolute specifier names from `from`, or undefined. */
export function resolveLocal(from: string, spec: string): string | undefined {
  return resolveLocalFile(resolve(dirname(from), spec.split(/[?#]/)[0]!));
}

const MAY_IMPORT = /\b(?:import|export)\b/;

// es-module-lexer is simorg's own dependency, the one package the hook uses. Required, and by a
// literal require(): the build bundles it into dist/hook/capture/capture.js as a module evaluated only here,
// when some file imports something (its WebAssembly is compiled as it loads).
function loadLexer(main: string): Lexer | null {
  try {
    const lexer = (
      typeof require === 'function' ? require('es-module-lexer') : createRequire(main)('es-module-lexer')
    ) as Lexer;
    lexer.initSync();
    return lexer;
  } catch {
    return null;
  }
}

// `import type` / `export type ... from` load nothing at run time (`import type from` does).
const TYPE_ONLY = /^(?:import|export)\s+type\b(?!\s*(?:from\b|,))/;

export interface StaticImports {
  /** Local files reached, the starting files included. */
  files: string[];
  /** Bare package names reached -> the folders of the files that imported each. */
  bare: Map<string, Set<string>>;
}

/**
 * Local files and bare package names reachable by static imports from `starts` (the main script
 * first). `readFile` should be the unwrapped fs read, so the walk is not taken for the script's.
 */
export function staticImports(
  starts: string[],
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): StaticImports {
  const files = new Set<string>();
  const bare = new Map<string, Set<string>>();
  let lexer: Lexer | undefined | null;
  const queue = [...starts].reverse();
  while (queue.length) {
    const f = queue.pop()!;
    if (files.has(f) || files.size > 5000) continue;
    files.add(f);
    if (!PARSED.has(extname(f))) continue;
    let src: string;
    let imports: ReadonlyArray<{ n?: string; ss: number; s: number; d: number }>;
    try {
      src = readFile(f);
      // Most files of a trivial script import nothing: do not pay for the lexer (a few ms) then.
      if (!MAY_IMPORT.test(src)) continue;
      if (lexer === undefined) lexer = loadLexer(starts[0]!);
      if (!lexer) continue;
      imports = lexer.parse(src)[0];
    } catch {
      continue; // unreadable, or syntax the lexer rejects
    }
    for (const { n, ss, s, d } of imports) {
      if (!n || n.startsWith('node:') || n.startsWith('#') || isBuiltin(n)) continue;
      if (d === -1 && TYPE_ONLY.test(src.slice(ss, s))) continue;
      if (n.startsWith('.') || n.startsWith('/')) {
        const r = resolveLocal(f, n);
        if (r) queue.push(r);
      } else if (!n.includes(':')) {
        const name = n.startsWith('@') ? n.split('/').slice(0, 2).join('/') : n.split('/')[0]!;
        let dirs = bare.get(name);
        if (!dirs) bare.set(name, (dirs = new Set()));
        dirs.add(dirname(f));
      }
    }
  }
  return { files: [...files], bare };
}
