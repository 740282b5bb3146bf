// The quick start: `npm run examples` runs every example and must pass (the failing one failing).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scriptEnv } from './hook-helpers.js';

describe('examples', () => {
  it('all run as expected through scripts/run-examples.js', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/run-examples.js')], {
      cwd: ROOT,
      env: scriptEnv(),
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.stdout).toMatch(/examples: all \d+ ran as expected/);
    expect(r.status).toBe(0);
    for (const f of [
      'examples/_output/figures/chartjs-bar/svg/fig000_figure_1.svg',
      'examples/_output/figures/vega-lite-scatter/pdf/fig000_figure_1.pdf',
      'examples/_output/figures/two-figures/png/fig001_voltage-trace.png',
      'examples/_output/figures/fails-after-drawing/png/fig000_figure_1.png',
      'examples/_output/figures/phase-plane/pdf/fig000_phase-plane.pdf',
      'examples/_output/figures/legacy-require/jpg/fig000_isi-histogram.jpg',
    ])
      expect(r.stdout).toContain(f);
  }, 180_000);
});
