import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The one-way layering of DESIGN.md, checked on the real sources: the hook runs inside the user's
// script and imports nothing of the core (nor any npm package); the core never imports cli/ or web/.
const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

// Static and dynamic import specifiers, ignoring `import type` (erased at compile time).
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm))
    found.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

// Every relative import, `import type` included: a cycle of types is still a knot a reader must untie.
function allRelativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

/** The import cycles among `files` (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(files: string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, allRelativeImports(f).filter((t) => known.has(t))]));
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      part.push(relative(src, w));
    } while (w !== v);
    if (part.length > 1 || edges.get(v)!.includes(v)) cycles.push(part.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

const layerOf = (file: string) => relative(src, file).split(/[\\/]/)[0]!;
const builtin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);

describe('layering', () => {
  const files = sources(src);

  it('finds the sources', () => {
    expect(files.some((f) => layerOf(f) === 'hook')).toBe(true);
    expect(files.some((f) => layerOf(f) === 'cli')).toBe(true);
  });

  it('keeps the hook free of the core and of npm packages', () => {
    const offenders: string[] = [];
    for (const f of files.filter((f) => layerOf(f) === 'hook')) {
      for (const spec of imports(f)) {
        if (builtin(spec)) continue;
        const target = spec.startsWith('.') ? resolve(dirname(f), spec) : null;
        if (!target || layerOf(target) !== 'hook') offenders.push(`${relative(src, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the core from importing cli/ or web/', () => {
    const offenders: string[] = [];
    for (const f of files.filter((f) => !['cli', 'web'].includes(layerOf(f)))) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const layer = layerOf(resolve(dirname(f), spec));
        if (layer === 'cli' || layer === 'web') offenders.push(`${relative(src, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  // cli/web/index.ts (the API) -> watch -> sweep -> backends -> run -> fresh -> track -> project -> store/config (errors.ts at the bottom).
  // Type-only imports are left out: they are erased, and the hook's manifest contract is one.
  const RANK: Record<string, number> = {
    'errors.ts': 0,
    store: 1,
    config: 1,
    'project.ts': 2,
    track: 3,
    fresh: 4,
    run: 5,
    backends: 6,
    sweep: 7,
    watch: 8,
    cli: 9,
    web: 9,
    'index.ts': 9,
  };
  it('keeps the core layered one way: nothing reaches up (fresh/ into run/ or watch/, run/ into watch/...)', () => {
    const offenders: string[] = [];
    for (const f of files.filter((f) => layerOf(f) !== 'hook')) {
      const from = RANK[layerOf(f)];
      expect(from, `${relative(src, f)} is in no known layer`).toBeDefined();
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const to = RANK[layerOf(resolve(dirname(f), spec))];
        if (to !== undefined && to > from!) offenders.push(`${relative(src, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  // What the core may take from the hook: the manifest a run writes, the provenance in figures and
  // how it is read back, the formats list, the version, reading git's HEAD, and how a command and a
  // local module are found (pure files, no state).
  const HOOK_CONTRACT = [
    'capture/manifest.ts',
    'provenance/provenance.ts',
    'provenance/provenance-read.ts',
    'formats.ts',
    'version.ts',
    'provenance/git-head.ts',
    'env-switch.ts',
    'file-lookup.ts',
  ];
  it("lets the core import only the hook's contract files", () => {
    const offenders: string[] = [];
    for (const f of files.filter((f) => layerOf(f) !== 'hook')) {
      for (const target of allRelativeImports(f)) {
        if (layerOf(target) !== 'hook') continue;
        if (!HOOK_CONTRACT.includes(relative(join(src, 'hook'), target)))
          offenders.push(`${relative(src, f)} imports ${relative(src, target)}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  // SQL lives in store/ (DESIGN.md): the Slurm backend calls store/slurm-runs.ts and the like.
  it('keeps SQL out of backends/: no prepared statement, no SQL text', () => {
    const offenders = files
      .filter((f) => layerOf(f) === 'backends')
      .filter((f) =>
        /\.prepare\s*[<(]|\bstmt\s*[<(]|\b(SELECT\s.+\sFROM|UPDATE\s+\w+\s+SET|INSERT\s+INTO|DELETE\s+FROM)\b/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });

  it('has no import cycle, in the core or in the hook, type imports included', () => {
    expect(importCycles(files)).toEqual([]);
  });
});
