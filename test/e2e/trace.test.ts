// Provenance in every format, in the format's own metadata, and `simorg trace` reading it back.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, SIMORG_BIN, SVG, figPaths, project, run, type Project } from './hook-helpers.js';

let p: Project;
let commit: string;
const FORMATS = ['png', 'svg', 'pdf', 'jpg', 'eps'];

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd: p.dir,
    encoding: 'utf8',
  }).trim();
}

function trace(file: string, ...flags: string[]) {
  return spawnSync(process.execPath, [SIMORG_BIN, 'trace', file, ...flags], { cwd: p.dir, encoding: 'utf8' });
}

beforeAll(() => {
  p = project();
  p.write('.gitignore', 'node_modules\n_output\n');
  p.write(
    'sims/prov.mjs',
    `import { figure } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\nfigure(${JSON.stringify(SVG)}, { name: 'svg one' });\n`,
  );
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  commit = git('rev-parse', 'HEAD');
  const r = run(['sims/prov.mjs'], {
    cwd: p.dir,
    env: { SIMORG_SAVEALL: '', SIMORG_FORMATS: FORMATS.join(','), SIMORG_RUN_ID: 'r-0042' },
  });
  if (r.status !== 0 || r.stderr) throw new Error(r.stderr);
});
afterAll(() => p.cleanup());

describe('provenance', () => {
  const files = [...figPaths('prov', 'figure_1', FORMATS, 0), ...figPaths('prov', 'svg-one', FORMATS, 1)].map(
    (f) => join('sims', f),
  );

  it.each(files)(
    '%s carries script, time, run id, git commit and simorg version; trace --json prints them',
    (file) => {
      const r = trace(file, '--json');
      expect(r.stderr).toBe('');
      const prov = JSON.parse(r.stdout);
      expect(prov).toMatchObject({
        tool: 'simorg',
        version: '0.1.0',
        script: join(p.dir, 'sims', 'prov.mjs'),
        runId: 'r-0042',
        git: { commit, branch: expect.any(String), dirty: false },
        figure: {
          index: file.includes('fig001') ? 1 : 0,
          name: file.includes('fig001') ? 'svg-one' : 'figure_1',
          format: file.split('.').pop(),
        },
      });
      expect(Date.now() - Date.parse(prov.time)).toBeLessThan(120_000);
    },
  );

  it("uses each format's own metadata", () => {
    const [png, svg, pdf, jpg, eps] = figPaths('prov', 'figure_1', FORMATS, 0).map((f) =>
      readFileSync(join(p.dir, 'sims', f)),
    );
    expect(png!.includes(Buffer.from('tEXtsimorg-provenance'))).toBe(true); // a PNG text chunk
    expect(svg!.toString()).toMatch(/<metadata id="simorg-provenance"><simorg:provenance /);
    const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
    expect(info).toMatch(/^Subject: +simorg-provenance \{"tool":"simorg"/m);
    expect(info).toMatch(/^Keywords: +simorg; script .*prov\.mjs; run r-0042; commit [0-9a-f]{40}$/m);
    expect(info).toMatch(/^Creator: +simorg 0\.1\.0$/m);
    expect(jpg!.includes(Buffer.from([0xff, 0xfe]))).toBe(true); // a JPEG COM segment
    expect(eps!.toString('latin1').split('\n')[1]).toMatch(/^%%simorg-provenance: \{/);
  });

  it('prints a readable summary without --json', () => {
    const r = trace(join('sims', figPaths('prov', 'figure_1', ['png'])[0]!));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`script:   ${join(p.dir, 'sims', 'prov.mjs')}`);
    expect(r.stdout).toContain('figure:   fig000 figure_1 (png)');
    expect(r.stdout).toContain('run:      r-0042');
    expect(r.stdout).toContain(`commit:   ${commit} (clean)`);
  });

  it('says when a file has no provenance', () => {
    p.write('plain.svg', SVG);
    const r = trace('plain.svg');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'simorg: plain.svg is a svg file without simorg provenance\n  only figures saved by simorg carry it\n',
    );
  });

  it('marks a dirty working tree', () => {
    p.write('sims/prov.mjs', readFileSync(join(p.dir, 'sims/prov.mjs'), 'utf8') + '// edited\n');
    run(['sims/prov.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png' } });
    const prov = JSON.parse(trace(join('sims', figPaths('prov', 'figure_1', ['png'])[0]!), '--json').stdout);
    expect(prov.git).toMatchObject({ commit, dirty: true });
    expect(prov.runId).toBeUndefined();
  });
});
