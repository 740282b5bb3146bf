// Very dense drawing with vector formats on (the runner's default): the recording for SVG/PDF is
// bounded (SIMORG_MAX_VECTOR_OPS), past it the figure's vector files embed a raster image with one
// warning line naming it, and a signal ends the script quickly instead of replaying for seconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figPaths, project, run, runAndSignal, type Project } from '../e2e/hook-helpers.js';

let p: Project;
const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };

// N fillRect calls, then the peak memory so far (before the exit save, which is not measured).
const DENSE = `import { flags } from 'simorg';
import { createCanvas } from 'canvas';
const N = Number(process.env.N);
const g = createCanvas(400, 300).getContext('2d');
for (let i = 0; i < N; i++) g.fillRect(i % 400, (i / 400) % 300, 1, 1);
console.log('rss', process.resourceUsage().maxRSS);
if (process.env.PNG_AT_END) flags.formats = ['png'];
`;

beforeAll(() => {
  p = project();
  p.write('s/dense.mjs', DENSE);
  p.write(
    's/waits.mjs',
    `import 'simorg';
import { createCanvas } from 'canvas';
const g = createCanvas(400, 300).getContext('2d');
for (let i = 0; i < 60_000; i++) g.fillRect(i % 400, (i / 400) % 300, 1, 1);
console.log('ready');
setInterval(() => {}, 1000);
`,
  );
});
afterAll(() => p.cleanup());

function rssKb(stdout: string): number {
  return Number(/rss (\d+)/.exec(stdout)![1]);
}

describe('a bounded vector recording', () => {
  it('past the cap: the vector files embed a raster image, with one line naming the figure', () => {
    const r = run(['s/dense.mjs'], {
      cwd: p.dir,
      env: { ...SAVE, N: '5000', SIMORG_MAX_VECTOR_OPS: '1000' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'simorg: fig000_figure_1 has more than 1,000 drawing operations (SIMORG_MAX_VECTOR_OPS); its vector formats embed a raster image instead\n',
    );
    const [, svg, pdf] = figPaths('dense', 'figure_1').map((f) => join(p.dir, 's', f));
    const text = readFileSync(svg!, 'utf8');
    expect(text).toContain('data:image/png;base64,');
    expect(text.length).toBeLessThan(100_000); // 5,000 rectangles as paths would be far more
    expect(readFileSync(pdf!).subarray(0, 4).toString()).toBe('%PDF');
    // under the cap: real vectors, no warning
    const under = run(['s/dense.mjs'], {
      cwd: p.dir,
      env: { ...SAVE, N: '500', SIMORG_MAX_VECTOR_OPS: '1000' },
    });
    expect(under.stderr).toBe('');
    expect(readFileSync(svg!, 'utf8')).not.toContain('data:image/png');
  });

  it('frees the recording: memory as without vector formats, where an unbounded one holds ~100 MB', () => {
    const env = { ...SAVE, N: '1000000' };
    const none = rssKb(run(['s/dense.mjs'], { cwd: p.dir, env: { ...env, SIMORG_FORMATS: 'png' } }).stdout);
    const capped = run(['s/dense.mjs'], { cwd: p.dir, env });
    expect(capped.stderr).toMatch(/has more than 100,000 drawing operations/);
    const unbounded = rssKb(
      run(['s/dense.mjs'], { cwd: p.dir, env: { ...env, SIMORG_MAX_VECTOR_OPS: 'none', PNG_AT_END: '1' } })
        .stdout,
    );
    expect(rssKb(capped.stdout) - none).toBeLessThan(25_000);
    expect(unbounded - none).toBeGreaterThan(50_000); // what the cap saves: the test can fail
  });
});

describe('a signal during a dense figure', () => {
  it('ends the script in well under the runner grace period, vector files made from the raster', async () => {
    const t0 = Date.now();
    const r = await runAndSignal(['s/waits.mjs'], 'SIGTERM', { cwd: p.dir, env: SAVE });
    const ms = Date.now() - t0;
    expect(r.signal).toBe('SIGTERM');
    expect(r.stderr).toBe(
      'simorg: fig000_figure_1 was saved in haste (the script was stopped by a signal); its vector formats embed a raster image\n',
    );
    const [png, svg] = figPaths('waits', 'figure_1').map((f) => join(p.dir, 's', f));
    expect(readFileSync(png!).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(svg!, 'utf8')).toContain('data:image/png;base64,');
    expect(ms).toBeLessThan(5000);
  });
});
