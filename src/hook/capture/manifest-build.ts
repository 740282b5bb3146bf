// The manifest body, made at exit (loaded only then): figures saved, modules and packages loaded,
// files read and written, how the script ended.
import { tmpdir } from 'node:os';
import { resolve, sep } from 'node:path';
import { rawReadFileSync, type FsRecord } from './capture-fs.js';
import { cjsFiles, dependencyClosure, isHookFile, packageDirFrom, packageOf } from './capture-modules.js';
import { staticImports } from './capture-static.js';
import { scriptRun } from '../script-run.js';
import { lazy } from '../lazy.js';
import type * as CaptureDynamic from './capture-dynamic.js';
import type { RunManifest } from './manifest.js';
import { SAVED_LIST } from '../save/save-list.js';
import { scriptInfo } from '../script-path.js';
import { hookState } from '../state.js';

const NM = `${sep}node_modules${sep}`;

export function buildManifest(
  c: FsRecord & { manifest: string; dynamic: boolean },
  exit: RunManifest['exit'],
): RunManifest {
  const run = scriptRun();
  const main = scriptInfo().path;
  const figures = run.savedFiles.map((f) => ({
    index: f.index,
    name: f.name,
    format: f.format,
    path: f.path,
  }));
  const modules = new Set<string>();
  const packages: Record<string, string> = {};
  const add = (f: string): void => {
    const pkg = packageOf(f);
    if (pkg) packages[pkg[0]] = pkg[1];
    else if (!isHookFile(f)) modules.add(f);
  };
  // Before the walk below loads es-module-lexer, which is simorg's, not the script's.
  const cjs = cjsFiles();
  for (const f of cjs) add(f);
  const seen = new Set(cjs);
  const esm = c.dynamic ? lazy<typeof CaptureDynamic>('capture/capture-dynamic').esmFiles() : [];
  for (const f of esm) {
    add(f);
    seen.add(f);
  }
  if (main && !esm.includes(main)) {
    // ES modules not watched as they loaded (the default): follow the static imports from the
    // main script, and the dynamic ones of the CommonJS files it loaded.
    const starts = [main, ...[...modules].filter((f) => f !== main)];
    const found = staticImports(starts, (p) => rawReadFileSync(p, 'utf8'));
    for (const f of found.files) {
      if (!seen.has(f)) add(f);
      seen.add(f);
    }
    // The packages reached (keyed by where Node finds each), and for those not loaded as CommonJS
    // (ES-module packages, whose own imports the walk does not follow) the closure of their
    // declared dependencies: a superset of what they could load.
    const roots = new Set<string>();
    for (const [name, froms] of found.bare) {
      for (const from of froms) {
        const dir = packageDirFrom(from, name);
        if (dir) roots.add(dir);
      }
    }
    // simorg itself (`import 'simorg'`) is the hook, not the script's: neither listed nor followed.
    const ours = (k: string): boolean => k === 'simorg' || k.endsWith('>simorg');
    const cjsPackages = new Set(Object.keys(packages));
    for (const [key, version] of dependencyClosure(roots, (k) => !cjsPackages.has(k) && !ours(k))) {
      if (!(key in packages) && !ours(key)) packages[key] = version;
    }
  }
  if (main) modules.add(main);
  // Files the hook itself touches, and module sources read by the CommonJS loader, are not the
  // script's data: leave them out.
  // The run's parameters and metrics files are the runner's channel, not the script's data.
  const channel = [process.env.SIMORG_PARAMS, process.env.SIMORG_METRICS]
    .filter((f): f is string => !!f)
    .map((f) => resolve(f));
  const skip = new Set<string>([...seen, ...figures.map((f) => f.path), c.manifest, ...channel]);
  const showDir = resolve(tmpdir(), `simorg-show-${process.pid}`) + sep; // show()'s PNGs (show.ts)
  const keep = (p: string) =>
    !skip.has(p) &&
    !p.startsWith(c.manifest + '.tmp') &&
    !p.includes('.simorg-tmp') &&
    !p.endsWith(`${sep}${SAVED_LIST}`) &&
    !p.includes(NM) &&
    !p.includes(`${sep}.git${sep}`) &&
    !p.startsWith(showDir);
  const m: RunManifest = {
    version: 1,
    script: main ?? '(node -e)',
    pid: process.pid,
    startedAt: run.startedAt,
    endedAt: Date.now(),
    exit,
    figures,
    modules: [...modules].sort(),
    packages,
    read: [...c.read].filter(keep).sort(),
    written: [...c.written].filter(keep).sort(),
    warnings: [...run.warnings],
  };
  if (process.env.SIMORG_RUN_ID) m.runId = process.env.SIMORG_RUN_ID;
  if (run.failedFiles.size) {
    m.failedFigures = [...run.failedFiles.values()]
      .sort((a, b) => a.index - b.index || a.path.localeCompare(b.path))
      .map((f) => ({ index: f.index, name: f.name, format: f.format, path: f.path, error: f.error }));
  }
  if (run.error) m.error = run.error;
  const metrics = hookState().metrics as Record<string, unknown> | undefined;
  if (metrics && Object.keys(metrics).length) m.metrics = { ...metrics };
  return m;
}
