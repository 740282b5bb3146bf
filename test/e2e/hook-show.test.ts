// show(): opens figures in the system viewer when there is a display, says once where they are
// when there is not, does nothing with SIMORG_NOSHOW, and never waits.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, project, run, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write(
    's/shows.mjs',
    `import { show } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\nshow();\nshow();\nconsole.log('after show');\n`,
  );
  // A stand-in for the desktop's opener: notes what it was asked to open, then lingers like a viewer.
  const opener = p.write(
    'fakebin/xdg-open',
    `#!/bin/sh\necho "$@" >> "${join(p.dir, 'opened.txt')}"\nsleep 4\necho done >> "${join(p.dir, 'viewer-closed.txt')}"\n`,
  );
  chmodSync(opener, 0o755);
});
afterAll(() => p.cleanup());

describe('show()', () => {
  it('does nothing with SIMORG_NOSHOW', () => {
    const r = run(['s/shows.mjs'], {
      cwd: p.dir,
      env: { SIMORG_NOSHOW: '', DISPLAY: ':0', PATH: `${join(p.dir, 'fakebin')}:${process.env.PATH}` },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('after show\n');
    expect(existsSync(join(p.dir, 'opened.txt'))).toBe(false);
  });

  it('says once, in one line, where the figures will be when there is no display', () => {
    const r = run(['s/shows.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `simorg: show(): no display; the figures will be saved to ${join(p.dir, 's/_output/figures/shows')} when the script ends\n`,
    );
    const off = run(['s/shows.mjs'], { cwd: p.dir, env: {} });
    expect(off.stderr).toMatch(
      /^simorg: show\(\): no display; set SIMORG_SAVEALL to save the figures to .*\n$/,
    );
    expect(off.stdout).toBe('after show\n');
  });

  it('opens the figures drawn so far with the viewer, once each, without waiting for it', () => {
    p.write('s/viewer.mjs', readFileSync(join(p.dir, 's/shows.mjs'), 'utf8'));
    const r = run(['s/viewer.mjs'], {
      cwd: p.dir,
      env: { DISPLAY: ':0', PATH: `${join(p.dir, 'fakebin')}:${process.env.PATH}` },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(p.dir, 'viewer-closed.txt'))).toBe(false); // the script ended first
    const deadline = Date.now() + 10_000;
    while (!existsSync(join(p.dir, 'opened.txt')) && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    const opened = readFileSync(join(p.dir, 'opened.txt'), 'utf8').trim().split('\n');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/simorg-show-\d+\/png\/fig000_figure_1\.png$/);
    expect(readFileSync(opened[0]!).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(p.dir, 's/_output/figures/viewer'))).toBe(false); // showing is not saving
  });
});
