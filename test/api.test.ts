import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `simorg/api` as a user's tool gets it: from the packed tarball (what npm publishes, through the
// package's exports map), installed into a project's node_modules beside its dependencies, and
// driven on a real project with real runs.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DEPS = [
  'better-sqlite3',
  'bindings',
  'file-uri-to-path',
  'chokidar',
  'readdirp',
  'cosmiconfig',
  'es-module-lexer',
  'kleur',
  'minimatch',
  'tsx',
  'jsonc-parser',
  'brace-expansion',
  'balanced-match',
  '@isaacs',
];

describe('simorg/api from the packed tarball', () => {
  let dir: string;
  let project: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simorg-api-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const tarball = join(dir, out.trim().split('\n').pop()!);
    project = join(dir, 'project');
    const pkg = join(project, 'node_modules', 'simorg');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
    // Its dependencies as npm would have installed them beside it (the tree's own copies).
    const nm = readdirSync(join(REPO, 'node_modules'));
    for (const d of DEPS.filter((x) => nm.includes(x)))
      symlinkSync(join(REPO, 'node_modules', d), join(project, 'node_modules', d), 'dir');
    writeFileSync(join(project, '.simorgrc.json'), JSON.stringify({ defaultRunConfig: 'std' }));
    mkdirSync(join(project, 'sims'));
    writeFileSync(
      join(project, 'sims', 'gen.mjs'),
      "import { writeFileSync } from 'node:fs';\nwriteFileSync('out.txt', 'x');\n",
    );
    writeFileSync(
      join(project, 'sims', 'read.mjs'),
      "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('out.txt', 'utf8'));\n",
    );
    const init = spawnSync(process.execPath, [join(pkg, 'bin', 'simorg.js'), 'init'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(init.status, init.stderr).toBe(0);
    const track = spawnSync(process.execPath, [join(pkg, 'bin', 'simorg.js'), 'track', 'sims'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(track.status, track.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a project, lists scripts, runs them in order, judges status, reads runs and queues jobs', () => {
    const tool = `
import * as api from 'simorg/api';
const p = await api.openProject();
const out = {};
out.exports = Object.keys(api).sort();
out.scripts = api.listScripts(p).map((s) => s.path);
out.before = api.status(p).map((s) => [s.script, s.status]);
const r = await api.runScripts(p, ['sims'], { jobs: 2 });
out.ran = r.runs.map((x) => [x.script, x.status]);
out.after = api.status(p).map((s) => [s.script, s.status, s.freshness]);
out.short = api.status(p, { runConfig: 'short', scripts: ['sims/gen.mjs'] }).map((s) => s.reasons);
const why = await api.why(p, 'sims/read.mjs');
out.upstream = why.upstream.map((u) => u.script);
const runs = api.listRuns(p, { limit: 10 });
out.runs = runs.length;
out.record = api.getRun(p, runs[0].runId)?.status;
out.jobs = api.queueRuns(p, ['sims/gen.mjs'], { runConfig: 'short' }).length;
out.queued = api.status(p, { scripts: ['sims/gen.mjs'] })[0].status;
try { api.queueRuns(p, []); } catch (e) { out.empty = [e instanceof api.SimorgError, e.message]; }
try { api.status(p, { runConfig: 'nope' }); } catch (e) { out.badConfig = e.code; }
p.close();
console.log(JSON.stringify(out));
`;
    writeFileSync(join(project, 'tool.mjs'), tool);
    const r = spawnSync(process.execPath, ['tool.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.exports).toEqual(
      expect.arrayContaining([
        'openProject',
        'listScripts',
        'listRuns',
        'getRun',
        'status',
        'why',
        'queueRuns',
        'runScripts',
        'SimorgError',
      ]),
    );
    expect(out.scripts).toEqual(['sims/gen.mjs', 'sims/read.mjs']);
    expect(out.before).toEqual([
      ['sims/gen.mjs', 'never-run'],
      ['sims/read.mjs', 'never-run'],
    ]);
    // Both never ran: the reader may run first, fail on the missing file and be run again after gen.
    expect(Object.fromEntries(out.ran)['sims/gen.mjs']).toBe('succeeded');
    expect(out.ran.at(-1)).toEqual([expect.any(String), 'succeeded']);
    expect(out.after).toEqual([
      ['sims/gen.mjs', 'fresh', 'fresh'],
      ['sims/read.mjs', 'fresh', 'fresh'],
    ]);
    expect(out.short).toEqual([['last run used config std, not short']]);
    expect(out.upstream).toEqual(['sims/gen.mjs']);
    expect(out.runs).toBeGreaterThanOrEqual(2);
    expect(out.record).toBe('succeeded');
    expect(out.jobs).toBe(1);
    expect(out.queued).toBe('queued');
    expect(out.empty).toEqual([true, 'no scripts named']);
    expect(out.badConfig).toBe('E_UNKNOWN_RUN_CONFIG');
  });
});
