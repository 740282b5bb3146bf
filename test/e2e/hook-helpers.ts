// Shared by the hook's end-to-end tests: a throwaway project folder whose node_modules links to
// this repo (as `simorg`) and to the real node-canvas and tsx, and a way to run scripts in it as
// a user would, from any working directory.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const SIMORG_BIN = join(ROOT, 'bin', 'simorg.js');

export interface Project {
  dir: string;
  write(rel: string, content: string): string;
  /** Every file under `rel` (default: the whole project minus node_modules), relative, sorted. */
  files(rel?: string): string[];
  cleanup(): void;
}

export function project(): Project {
  const dir = mkdtempSync(join(tmpdir(), 'hook-e2e-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'simorg'), 'dir');
  for (const dep of ['canvas', 'tsx'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => {
      const p = join(d, n);
      if (n === 'node_modules') return [];
      return statSync(p).isDirectory() ? walk(p) : [relative(dir, p)];
    });
  return {
    dir,
    write(rel, content) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    files(rel = '.') {
      try {
        return walk(join(dir, rel)).sort();
      } catch {
        return [];
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of a script run: no SIMORG_* from the test runner, plus `env` (undefined unsets). */
export function scriptEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('SIMORG_') && k !== 'DISPLAY' && k !== 'WAYLAND_DISPLAY') base[k] = v;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

export function run(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; cmd?: string },
): SpawnSyncReturns<string> {
  return spawnSync(opts.cmd ?? process.execPath, args, {
    cwd: opts.cwd,
    env: scriptEnv(opts.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Starts a script, waits for `ready` on its stdout, sends `signal`, resolves how it ended. */
export function runAndSignal(
  args: string[],
  signal: NodeJS.Signals,
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd, env: scriptEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (!sent && stdout.includes('ready')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr }));
  });
}

/** A script body drawing one small plot on a canvas (no figure() call: the hook must see it). */
export const DRAW = `
const c = createCanvas(320, 200);
const g = c.getContext('2d');
g.fillStyle = '#fff'; g.fillRect(0, 0, 320, 200);
g.strokeStyle = '#1f77b4'; g.lineWidth = 2; g.beginPath(); g.moveTo(10, 190); g.lineTo(150, 40); g.lineTo(310, 120); g.stroke();
g.fillStyle = '#000'; g.font = '16px sans-serif'; g.fillText('membrane potential', 20, 24);
`;

export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">' +
  '<rect x="10" y="10" width="120" height="60" fill="#d62728"/><text x="20" y="100" font-size="16">spike raster</text></svg>';

export function figPaths(
  script: string,
  name: string,
  formats = ['png', 'svg', 'pdf'],
  index = 0,
  out = '_output',
): string[] {
  return formats.map((f) =>
    join(out, 'figures', script, f, `fig${String(index).padStart(3, '0')}_${name}.${f}`),
  );
}
