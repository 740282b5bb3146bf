import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, RealProject } from '../fresh/project.js';
import { Followed } from './promises-helpers.js';

// README "Configuration": "Every command takes --help and --cwd DIR". The commands are read from
// `simorg --help`, so a command added later without either fails here. --cwd is checked from a
// folder outside any project, after the command name (cli-names.test.ts has it before), each
// command showing that it worked on the project given.

let p: RealProject;
let elsewhere: string;

/** `simorg <args>` started in `elsewhere`, a folder with no config above it. */
function away(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: elsewhere,
    env: p.childEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function ok(args: string[]): string {
  const r = away(args);
  expect(r.code, `simorg ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

let commands: string[];
beforeAll(() => {
  p = new RealProject({
    'a.mjs': "console.log('hello from a');\n",
    'plot.mjs':
      "import { createCanvas } from 'canvas';\nconst g = createCanvas(100, 60).getContext('2d');\ng.fillRect(5, 5, 50, 30);\n",
  });
  mkdirSync(join(p.root, 'node_modules'));
  symlinkSync(join(REPO, 'node_modules', 'canvas'), join(p.root, 'node_modules', 'canvas'), 'dir');
  elsewhere = mkdtempSync(join(tmpdir(), 'simorg-elsewhere-'));
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: p.childEnv() });
  expect(help.status).toBe(0);
  commands = [...help.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z]+) {2,}\S/gm)].map((m) => m[1]!);
});
afterAll(() => {
  p.cleanup();
  rmSync(elsewhere, { recursive: true, force: true });
});

describe('every command', () => {
  it('is listed by simorg --help (the list this file checks)', () => {
    expect(commands).toEqual([
      'init',
      'scan',
      'track',
      'untrack',
      'ls',
      'run',
      'sweep',
      'sweeps',
      'collate',
      'worker',
      'queue',
      'sync',
      'list',
      'show',
      'log',
      'export',
      'status',
      'makefile',
      'watch',
      'trace',
      'serve',
    ]);
  });

  it('takes --help: exit 0, a Usage line naming it, and the --cwd option listed', () => {
    for (const c of commands) {
      const r = away([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout.split('\n')[0], c).toMatch(new RegExp(`^Usage: simorg ${c}\\b`));
      expect(r.stdout, c).toContain('--cwd');
      expect(r.stderr, c).toBe('');
    }
  });

  it('takes --cwd DIR and works on that project from anywhere', async () => {
    const P = ['--cwd', p.root];
    const covered = new Set<string>();
    const use = (c: string, args: string[]) => {
      covered.add(c);
      return ok([c, ...args, ...P]);
    };
    // Without --cwd, the folder it is started in has no project: the checks below mean something.
    expect(away(['ls']).code).not.toBe(0);

    use('init', []);
    expect(existsSync(join(p.root, '.simorgrc.json'))).toBe(true);
    expect(existsSync(join(elsewhere, '.simorgrc.json'))).toBe(false);
    expect(
      JSON.parse(use('scan', ['--json', '--dry-run']))
        .untracked.map((s: { path: string }) => s.path)
        .sort(),
    ).toEqual(['a.mjs', 'plot.mjs']);
    use('track', ['a.mjs', 'plot.mjs']);
    expect(
      JSON.parse(use('ls', ['--json']))
        .map((s: { path: string }) => s.path)
        .sort(),
    ).toEqual(['a.mjs', 'plot.mjs']);
    expect(use('run', ['a.mjs'])).toMatch(/^a\.mjs succeeded/);
    expect(use('run', ['plot.mjs'])).toMatch(/^plot\.mjs succeeded in .*1 figure\)/);
    expect(
      JSON.parse(use('list', ['--json']))
        .map((r: { script: string }) => r.script)
        .sort(),
    ).toEqual(['a.mjs', 'plot.mjs']);
    expect(JSON.parse(use('show', ['a.mjs', '--json'])).status).toBe('succeeded');
    expect(use('log', ['a.mjs'])).toBe('hello from a\n');
    expect(use('export', ['--format', 'csv']).split('\n')[0]).toContain('run_id');
    expect(JSON.parse(use('status', ['--json'])).map((s: { status: string }) => s.status)).toEqual([
      'fresh',
      'fresh',
    ]);
    use('makefile', []);
    expect(existsSync(join(p.root, 'simorg.mk'))).toBe(true);
    const fig = JSON.parse(ok(['show', 'plot.mjs', '--json', ...P])).figures.find(
      (f: { format: string }) => f.format === 'png',
    ).path as string;
    expect(JSON.parse(use('trace', [fig, '--json'])).script).toMatch(/plot\.mjs$/);
    use('queue', ['add', 'a.mjs']);
    expect(JSON.parse(use('queue', ['--json']))).toMatchObject([{ state: 'queued' }]);
    use('worker', ['--once']);
    expect(JSON.parse(use('queue', ['--json']))).toEqual([]);
    expect(JSON.parse(use('sync', ['--json']))).toEqual({ recorded: [], live: [] });
    expect(JSON.parse(ok(['list', 'a.mjs', '--json', ...P]))).toHaveLength(2);
    expect(JSON.parse(use('sweep', ['a.mjs', '--sweep', 'k=1,2', '--yes', '--json']))).toMatchObject({
      ok: true,
      ran: 2,
    });
    expect(JSON.parse(use('sweeps', ['--json']))).toMatchObject([{ name: 'k', done: 2 }]);
    expect(use('collate', ['k']).split('\r\n')).toHaveLength(4);
    use('untrack', ['plot.mjs']);
    expect(JSON.parse(use('ls', ['--json'])).map((s: { path: string }) => s.path)).toEqual(['a.mjs']);

    covered.add('watch');
    const w = new Followed(
      spawn(process.execPath, [BIN, 'watch', ...P], { cwd: elsewhere, env: p.childEnv() }),
    );
    try {
      await w.until(/watching \d+ files and folders for 1 scripts/);
      w.interrupt();
      expect(await w.exited).toBe(0);
    } finally {
      w.kill();
    }
    covered.add('serve');
    const s = new Followed(
      spawn(process.execPath, [BIN, 'serve', '--port', '0', ...P], { cwd: elsewhere, env: p.childEnv() }),
    );
    try {
      await s.until(/http:\/\/\S+\?token=\S+/);
      const url = new URL(/http:\/\/\S+\?token=\S+/.exec(s.out)![0]);
      const page = await fetch(`${url.origin}/`, {
        headers: { 'x-simorg-token': url.searchParams.get('token')! },
      });
      expect(await page.text()).toContain('a.mjs');
      s.interrupt();
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    expect([...covered].sort()).toEqual([...commands].sort());
  });
});
