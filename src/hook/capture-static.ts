// A fallback for ES modules loaded before the capture could watch (a script with `import 'simorg'`
// run without `--import simorg/register`: its static imports were all loaded before the hook ran).
// Follows the static imports from the main script with es-module-lexer: local files by path,
// packages by name. Dynamic imports with computed specifiers are not seen.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

type Lexer = { initSync(): void; parse(src: string): readonly [ReadonlyArray<{ n?: string }>, ...unknown[]] };

const EXTS = ['', '.ts', '.mts', '.js', '.mjs', '.tsx', '/index.ts', '/index.js'];

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  // tsx lets `./x.js` name `./x.ts`
  const candidates = [...EXTS.map((e) => base + e), base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts')];
  return candidates.find((c) => existsSync(c) && !c.endsWith('/'));
}

/** Local files and bare package names reachable by static imports from `main`. */
export function staticImports(main: string, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): { files: string[]; bare: string[] } {
  let lexer: Lexer;
  try {
    lexer = createRequire(__filenameOrMain(main))('es-module-lexer') as Lexer;
    lexer.initSync();
  } catch {
    return { files: [], bare: [] };
  }
  const files = new Set<string>();
  const bare = new Set<string>();
  const queue = [main];
  while (queue.length) {
    const f = queue.pop()!;
    if (files.has(f) || files.size > 5000) continue;
    files.add(f);
    let imports: ReadonlyArray<{ n?: string }>;
    try {
      imports = lexer.parse(readFile(f))[0];
    } catch {
      continue; // not parseable as JS (TypeScript syntax the lexer rejects, say)
    }
    for (const { n } of imports) {
      if (!n || n.startsWith('node:')) continue;
      if (n.startsWith('.') || n.startsWith('/')) {
        const r = resolveLocal(f, n);
        if (r) queue.push(r);
      } else if (!n.includes(':')) {
        bare.add(n.startsWith('@') ? n.split('/').slice(0, 2).join('/') : n.split('/')[0]!);
      }
    }
  }
  return { files: [...files], bare: [...bare] };
}

// es-module-lexer is simorg's own dependency: resolve it from here (CommonJS build) when we can.
function __filenameOrMain(main: string): string {
  return typeof __filename === 'string' ? __filename : main;
}

/** The package.json of `name` as Node would find it from `dir`. */
export function packageJsonFrom(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', ...name.split('/'), 'package.json');
    if (existsSync(p)) return p;
    if (dirname(d) === d) return undefined;
  }
}
