// The run manifest for the runner: when SIMORG_MANIFEST names a file, record what the script
// loaded, read and wrote, and at exit write it (with the figures saved and how the script ended)
// as JSON, atomically (temporary file + rename), so the runner never reads half a manifest.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import { installFsCapture, type FsRecord } from './capture-fs.js';
import { installModuleCapture, isHookFile, loadedFiles, packageOf, sawEsm } from './capture-modules.js';
import { packageJsonFrom, staticImports } from './capture-static.js';
import { extra } from './extra.js';
import type { RunManifest } from './manifest.js';
import { scriptInfo } from './script-path.js';
import { hookState } from './state.js';

const KEY = 'capture';

interface CaptureState extends FsRecord {
  manifest: string;
  done?: boolean;
}

function captureState(): CaptureState | undefined {
  return hookState()[KEY] as CaptureState | undefined;
}

/** Starts recording, once per process, when SIMORG_MANIFEST is set. */
export function installCapture(env: NodeJS.ProcessEnv = process.env): void {
  const file = env.SIMORG_MANIFEST;
  const s = hookState();
  if (!file || s[KEY]) return;
  const c: CaptureState = { manifest: resolve(file), read: new Set(), written: new Set() };
  s[KEY] = c;
  installFsCapture(c);
  installModuleCapture();
}

/** The manifest body as of now. */
export function buildManifest(exit: RunManifest['exit']): RunManifest | undefined {
  const c = captureState();
  if (!c) return undefined;
  const x = extra();
  const script = scriptInfo().path ?? '(node -e)';
  const figures = x.savedFiles.map((f) => ({ index: f.index, name: f.name, format: f.format, path: f.path }));
  const modules: string[] = [];
  const packages: Record<string, string> = {};
  const loaded = loadedFiles();
  for (const f of loaded) {
    const pkg = packageOf(f);
    if (pkg) packages[pkg[0]] = pkg[1];
    else if (!isHookFile(f)) modules.push(f);
  }
  const main = scriptInfo().path;
  if (main && !sawEsm(main)) {
    // ESM loaded before the capture started (no --import simorg/register): follow static imports.
    const found = staticImports(main);
    for (const f of found.files) if (!modules.includes(f) && !packageOf(f)) modules.push(f);
    for (const name of found.bare) {
      const pj = packageJsonFrom(dirname(main), name);
      const pkg = pj && packageOf(pj);
      if (pkg && !(pkg[0] in packages) && pkg[0] !== 'simorg') packages[pkg[0]] = pkg[1];
    }
  }
  if (main && !modules.includes(main)) modules.unshift(main);
  // Files the hook itself touches, and module sources read by the CommonJS loader, are not the
  // script's data: leave them out.
  const skip = new Set<string>([...loaded, ...figures.map((f) => f.path), c.manifest]);
  const showDir = resolve(tmpdir(), `simorg-show-${process.pid}`) + sep; // show()'s PNGs (show.ts)
  const keep = (p: string) =>
    !skip.has(p) && !p.startsWith(c.manifest + '.tmp') && !p.includes(`${sep}node_modules${sep}`) &&
    !p.includes(`${sep}.git${sep}`) && !p.startsWith(showDir);
  const m: RunManifest = {
    version: 1,
    script,
    pid: process.pid,
    startedAt: x.startedAt,
    endedAt: Date.now(),
    exit,
    figures,
    modules: modules.sort(),
    packages,
    read: [...c.read].filter(keep).sort(),
    written: [...c.written].filter(keep).sort(),
    warnings: [...x.warnings],
  };
  if (process.env.SIMORG_RUN_ID) m.runId = process.env.SIMORG_RUN_ID;
  if (x.error) m.error = x.error;
  return m;
}

/** Writes the manifest once (later calls do nothing). Never throws: the script's end must stand. */
export function writeManifest(exit: RunManifest['exit']): void {
  const c = captureState();
  if (!c || c.done) return;
  c.done = true;
  try {
    const m = buildManifest(exit)!;
    const tmp = `${c.manifest}.tmp${process.pid}`;
    fs.mkdirSync(dirname(c.manifest), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(m, null, 2) + '\n');
    fs.renameSync(tmp, c.manifest);
  } catch (err) {
    process.stderr.write(`simorg: could not write the run manifest ${c.manifest}: ${(err as Error).message}\n`);
  }
}
