// External converters (rsvg-convert, pdftops, gs): found on PATH once, run with a buffer in and
// a buffer out, either blocking (exit paths) or not (normal end, so they run in parallel).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = new Map<string, string | undefined>();

/** The full path of `cmd` on PATH, or undefined. */
export function onPath(cmd: string): string | undefined {
  if (found.has(cmd)) return found.get(cmd);
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  let hit: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const ext of exts) {
      const p = join(dir, cmd + ext);
      try {
        accessSync(p, constants.X_OK);
        hit = p;
        break;
      } catch {
        // not here
      }
    }
    if (hit) break;
  }
  found.set(cmd, hit);
  return hit;
}

export interface ToolRun {
  cmd: string;
  args: string[];
  input?: Buffer;
}

function failure(t: ToolRun, status: number | null, stderr: string): Error {
  return new Error(`${t.cmd} exited ${status}: ${stderr.trim().split('\n')[0] ?? ''}`);
}

export function runToolSync(t: ToolRun): Buffer {
  const r = spawnSync(t.cmd, t.args, { input: t.input, maxBuffer: 1 << 30, timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw failure(t, r.status, r.stderr.toString());
  return r.stdout;
}

export function runTool(t: ToolRun): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(t.cmd, t.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(failure(t, code, Buffer.concat(err).toString()));
    });
    child.stdin.on('error', () => {}); // the tool may exit before reading all of it; 'close' reports
    child.stdin.end(t.input);
  });
}
