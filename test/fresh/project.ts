import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A real project in a temp dir driven through the built CLI (bin/simorg.js), for end-to-end tests
// of freshness: real files, real SQLite, real runs.

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(REPO, 'bin', 'simorg.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class RealProject {
  readonly root = mkdtempSync(join(tmpdir(), 'simorg-e2e-fresh-'));
  /** Environment for every child: no colours, and a HOME inside the temp dir. */
  env: Record<string, string> = {};

  constructor(files: Record<string, string>) {
    for (const [p, text] of Object.entries(files)) this.write(p, text);
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(join(this.root, rel)), { recursive: true });
    writeFileSync(join(this.root, rel), text);
  }

  read(rel: string): string {
    return readFileSync(join(this.root, rel), 'utf8');
  }

  childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      HOME: join(this.root, '.home'),
      ...this.env,
      ...extra,
    };
  }

  /** Runs `simorg <args>` in the project root. */
  cli(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    return this.exec(process.execPath, [BIN, ...args], extra);
  }

  exec(file: string, args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { cwd: this.root, env: this.childEnv(extra) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** `simorg <args> --json`, parsed; throws with the output when it did not exit 0. */
  async json<T>(args: string[], extra: Record<string, string> = {}): Promise<T> {
    const r = await this.cli([...args, '--json'], extra);
    if (r.code !== 0 && !(args.includes('--exit-code') && r.code === 1)) {
      throw new Error(`simorg ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    }
    return JSON.parse(r.stdout) as T;
  }

  /** script -> [status, reasons], from `simorg status --json`. */
  async statuses(): Promise<Record<string, [string, string[]]>> {
    const list = await this.json<{ script: string; status: string; reasons: string[] }[]>(['status']);
    return Object.fromEntries(list.map((s) => [s.script, [s.status, s.reasons]]));
  }

  spawnCli(args: string[], extra: Record<string, string> = {}): ChildProcess {
    return spawn(process.execPath, [BIN, ...args], { cwd: this.root, env: this.childEnv(extra) });
  }

  /** Script paths of the recorded runs, oldest first. */
  runs(): { script: string; status: string; started: number }[] {
    const db = new Database(join(this.root, '.simorg', 'simorg.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          'SELECT script_path AS script, status, started_at AS started FROM runs ORDER BY started_at, rowid',
        )
        .all() as { script: string; status: string; started: number }[];
    } finally {
      db.close();
    }
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The pipeline of the issue: a shared library, an input file, a generator and two analyses. */
export function pipelineFiles(): Record<string, string> {
  return {
    '.simorgrc.json': JSON.stringify(
      { runConfigs: { std: { timeout: 120, env: { MODE: 'a' } } }, defaultRunConfig: 'std' },
      null,
      2,
    ),
    'lib/model.mjs': 'export const scale = 2;\n',
    'data/input.csv': 'a\n1\n2\n',
    'node_modules/fakepkg/package.json': JSON.stringify({
      name: 'fakepkg',
      version: '1.0.0',
      main: 'index.js',
    }),
    'node_modules/fakepkg/index.js': 'module.exports = { v: 1 };\n',
    // GEN_VALUE is an input simorg cannot see: it lets a test re-run the generator with other output.
    'gen_data.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';
import { scale } from './lib/model.mjs';
mkdirSync('data', { recursive: true });
writeFileSync('data/gen.csv', 'x\\n' + (process.env.GEN_VALUE ?? '1') + '\\n' + scale + '\\n');
`,
    'analysis_a.mjs': `import { readFileSync } from 'node:fs';
import { scale } from './lib/model.mjs';
import fake from 'fakepkg';
const gen = readFileSync('data/gen.csv', 'utf8');
const input = readFileSync('data/input.csv', 'utf8');
console.log('a', gen.length * scale + input.length, fake.v);
`,
    'analysis_b.mjs': `import { readFileSync } from 'node:fs';
console.log('b', readFileSync('data/gen.csv', 'utf8').split('\\n').length);
`,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
