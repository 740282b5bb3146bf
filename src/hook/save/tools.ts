// External converters (rsvg-convert, pdftops, gs): found on PATH once (file-lookup.ts), run with a buffer in and
// a buffer out, either blocking (exit paths) or not (normal end, so they run in parallel).
import { spawn, spawnSync } from 'node:child_process';

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
