// The run manifest for the runner: when SIMORG_MANIFEST names a file, record what the script
// reads and writes as it runs (capture-fs.ts), and at exit write the manifest (manifest-build.ts:
// modules, packages, figures, how the script ended) as JSON, atomically (temporary file + rename),
// so the runner never reads half a manifest. Modules are found at exit, from the require cache and
// the static imports: no loader hooks unless SIMORG_CAPTURE_DYNAMIC_IMPORTS asks (see
// capture-dynamic.ts for what that sees and costs).
import fs from 'node:fs';
import { dirname, resolve } from 'node:path';
import { installFsCapture, type FsRecord } from './capture-fs.js';
import { envSwitch } from '../flags.js';
import { lazy } from '../lazy.js';
import type * as CaptureDynamic from './capture-dynamic.js';
import { buildManifest } from './manifest-build.js';
import type { RunManifest } from './manifest.js';
import { hookState } from '../state.js';

const KEY = 'capture';

export interface CaptureState extends FsRecord {
  manifest: string;
  /** ES modules are watched as they load (SIMORG_CAPTURE_DYNAMIC_IMPORTS). */
  dynamic: boolean;
  done?: boolean;
  /**
   * Writes the manifest: the copy of this file that started the capture also ends it, so the exit
   * handler (exit.ts) loads nothing to do so (see register.ts for why loads count).
   */
  write: (exit: RunManifest['exit']) => void;
}

export function captureState(): CaptureState | undefined {
  return hookState()[KEY] as CaptureState | undefined;
}

/** Starts recording, once per process, when SIMORG_MANIFEST is set. */
export function installCapture(env: NodeJS.ProcessEnv = process.env): void {
  const file = env.SIMORG_MANIFEST;
  const s = hookState();
  if (!file || s[KEY]) return;
  const c: CaptureState = {
    manifest: resolve(file),
    read: new Set(),
    written: new Set(),
    dynamic: envSwitch(env.SIMORG_CAPTURE_DYNAMIC_IMPORTS),
    write: writeManifest,
  };
  s[KEY] = c;
  installFsCapture(c);
  if (c.dynamic) lazy<typeof CaptureDynamic>('capture/capture-dynamic').installDynamicCapture();
}

/** Writes the manifest once (later calls do nothing). Never throws: the script's end must stand. */
export function writeManifest(exit: RunManifest['exit']): void {
  const c = captureState();
  if (!c || c.done) return;
  c.done = true;
  const tmp = `${c.manifest}.tmp${process.pid}`;
  try {
    const m = buildManifest(c, exit);
    fs.mkdirSync(dirname(c.manifest), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(m, null, 2) + '\n');
    fs.renameSync(tmp, c.manifest);
  } catch (err) {
    try {
      fs.unlinkSync(tmp); // a full disk must not leave half a manifest behind
    } catch {
      // never made
    }
    process.stderr.write(
      `simorg: could not write the run manifest ${c.manifest}: ${(err as Error).message}\n`,
    );
  }
}
