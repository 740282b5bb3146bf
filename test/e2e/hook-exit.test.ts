// Nothing lost when a script ends badly: uncaught errors, process.exit(), signals, and an output
// folder that cannot be written. The script's own ending (error print, exit code, signal) stands.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, figPaths, project, run, runAndSignal, type Project } from './hook-helpers.js';

let p: Project;
const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };
const HEAD = `import 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\n`;

beforeAll(() => {
  p = project();
  p.write('s/throws.mjs', `${HEAD}throw new Error('diverged at step 42');\n`);
  p.write('s/rejects.mjs', `${HEAD}Promise.reject(new RangeError('bad tolerance'));\n`);
  p.write('s/exits.mjs', `${HEAD}setTimeout(() => process.exit(3), 10);\n`);
  p.write('s/long.mjs', `${HEAD}console.log('ready');\nsetInterval(() => {}, 1000);\n`);
  p.write(
    's/handles.mjs',
    `${HEAD}process.on('SIGTERM', () => { console.log('own handler'); process.exit(7); });\nconsole.log('ready');\nsetInterval(() => {}, 1000);\n`,
  );
  p.write(
    's/plain.mjs',
    `import { createCanvas } from 'canvas';\n${DRAW}\nthrow new Error('diverged at step 42');\n`,
  );
});
afterAll(() => p.cleanup());

function saved(script: string): boolean {
  return figPaths(script, 'figure_1').every((f) => existsSync(join(p.dir, 's', f)));
}

describe('exit paths', () => {
  it('saves the figures of a script that throws, prints the error as Node does, and exits 1', () => {
    const r = run(['s/throws.mjs'], { cwd: p.dir, env: SAVE });
    const bare = run(['s/plain.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(1);
    expect(saved('throws')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    // Node's own print, byte for byte as without the hook (bar the file name)
    expect(r.stderr.replace(/throws\.mjs:\d+/g, 'F')).toBe(bare.stderr.replace(/plain\.mjs:\d+/g, 'F'));
    expect(r.stderr).toContain("throw new Error('diverged at step 42');");
    expect(r.stderr).toMatch(/^Error: diverged at step 42$/m);
    expect(r.stderr).toMatch(/^Node\.js v\d+/m);
  });

  it('saves on an unhandled rejection and keeps its exit code', () => {
    const r = run(['s/rejects.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/RangeError: bad tolerance/);
    expect(saved('rejects')).toBe(true);
  });

  it('saves on process.exit() and keeps the code', () => {
    const r = run(['s/exits.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(3);
    expect(saved('exits')).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('saves on %s and ends by that signal', async (sig) => {
    const r = await runAndSignal(['s/long.mjs'], sig, { cwd: p.dir, env: SAVE });
    expect(r.signal).toBe(sig);
    expect(r.code).toBe(null);
    expect(r.stdout).toContain('Saving File s/_output/figures/long/pdf/fig000_figure_1.pdf');
    expect(saved('long')).toBe(true);
  });

  it("leaves a script's own signal handler in charge", async () => {
    const r = await runAndSignal(['s/handles.mjs'], 'SIGTERM', { cwd: p.dir, env: SAVE });
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('own handler');
    expect(saved('handles')).toBe(true);
  });

  it('reports an unwritable output folder in one line, and a script that would exit 0 exits 1', () => {
    p.write('s/blocked', 'a file where the output folder should be\n');
    p.write('s/short.mjs', HEAD);
    const r = run(['s/short.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_OUTPUT_DIR: 'blocked' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'simorg: cannot write figures to s/blocked/figures/short (ENOTDIR: a file is in the way); ' +
        'not saved: fig000_figure_1.png, fig000_figure_1.svg, fig000_figure_1.pdf\n' +
        'simorg: exit code 1: figures were not saved (see above)\n',
    );
    const bad = run(['s/throws.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_OUTPUT_DIR: 'blocked' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/simorg: cannot write figures to s\/blocked/);
  });
});
