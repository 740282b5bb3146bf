// Shared by the dashboard's tests: a real project (node-canvas figures drawn through the hook, a
// real database, real runs through the built CLI) and a real `simorg serve` child process.
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RealProject, REPO } from '../fresh/project.js';

export { REPO };

// A sine wave whose amplitude is read from amp.txt: change the file, and the next run's figure differs.
const WAVE = `import 'simorg';
import { readFileSync, writeFileSync } from 'node:fs';
import { createCanvas } from 'canvas';
const amp = Number(readFileSync(new URL('../amp.txt', import.meta.url), 'utf8'));
const c = createCanvas(200, 120);
const g = c.getContext('2d');
g.fillStyle = '#fff'; g.fillRect(0, 0, 200, 120);
g.strokeStyle = '#2e5bba'; g.lineWidth = 2; g.beginPath();
for (let x = 0; x < 200; x++) g.lineTo(x, 60 - amp * Math.sin(x / 15));
g.stroke();
writeFileSync(new URL('../wave.csv', import.meta.url), 'amp\\n' + amp + '\\n');
console.log('amplitude', amp);
`;

const READER = `import 'simorg';
import { readFileSync } from 'node:fs';
console.log(readFileSync(new URL('../wave.csv', import.meta.url), 'utf8'));
`;

const SLOW = `import 'simorg';
import { createCanvas } from 'canvas';
await new Promise((r) => setTimeout(r, Number(process.env.SLOW_MS ?? 2500)));
const c = createCanvas(80, 60);
const g = c.getContext('2d'); g.fillStyle = '#8fd18f'; g.fillRect(10, 10, 60, 40);
console.log('slow done');
`;

const BAD = `import 'simorg';
throw new Error('the solver diverged at step 42');
`;

export function dashboardProject(config: object = {}): RealProject {
  const p = new RealProject({
    '.simorgrc.json': JSON.stringify({ monitor: [{ path: 'sims' }], ...config }),
    'amp.txt': '20\n',
    'sims/wave.mjs': WAVE,
    'sims/reader.mjs': READER,
    'sims/slow.mjs': SLOW,
    'sims/bad.mjs': BAD,
    'sims/extra.mjs': "console.log('not tracked yet');\n",
  });
  mkdirSync(join(p.root, 'node_modules'));
  symlinkSync(REPO, join(p.root, 'node_modules', 'simorg'), 'dir');
  symlinkSync(join(REPO, 'node_modules', 'canvas'), join(p.root, 'node_modules', 'canvas'), 'dir');
  return p;
}

export interface Served {
  child: ChildProcess;
  url: string;
  base: string;
  port: number;
  token: string;
  out: () => string;
  /** Ctrl-C, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `simorg serve --port 0 <args>` and resolves once it printed its address. */
export async function serve(
  p: Pick<RealProject, 'spawnCli'>,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Served> {
  const child = p.spawnCli(['serve', '--port', '0', ...args], env);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const t0 = Date.now();
  while (!/http:\/\/\S+\?token=\S+/.test(out)) {
    if (Date.now() - t0 > 20_000 || child.exitCode !== null) throw new Error(`serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const url = /http:\/\/\S+\?token=\S+/.exec(out)![0];
  const u = new URL(url);
  return {
    child,
    url,
    base: u.origin,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    out: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with the path sent exactly as given (fetch would fold `..` away first). */
export function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const cookieFor = (s: Served): string => `simorg_token_${s.port}=${s.token}`;
