// Saving figures when the disk says no: a full file system and a read-only one (real tmpfs mounts
// as the output folder), and flags set to nonsense in code. Nothing partial may be left, and a run
// that lost figures must not be recorded as a success.
import { readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Image } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProvenance } from '../../src/hook/provenance/provenance-read.js';
import { DRAW, project, run, type Project } from '../e2e/hook-helpers.js';
import { tempProject, type TempProject } from '../run/helpers.js';
import { mountTmpfs, tmpfsUnavailable } from './hook-tmpfs.js';

const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };
const noMount = tmpfsUnavailable();
if (noMount) console.log(`skipping the full and read-only disk cases: ${noMount}`);

// Three figures of incompressible noise, ~190 KB of PNG each: a 512 KiB disk holds two at most.
const NOISE = `import 'simorg';
import { createCanvas } from 'canvas';
for (let k = 0; k < 3; k++) {
  const c = createCanvas(250, 250);
  const g = c.getContext('2d');
  const img = g.createImageData(250, 250);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.random() * 256) | 0;
  g.putImageData(img, 0, 0);
}
`;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

let p: Project;
beforeAll(() => {
  p = project();
  p.write('s/noise.mjs', NOISE);
  p.write('s/one.mjs', `import 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\n`);
});
afterAll(() => p.cleanup());

describe.skipIf(noMount)('a full disk as the output folder', () => {
  it('leaves no partial file, lists the lost figures in the manifest, and exits 1', () => {
    const fs = mountTmpfs({ size: '512k' });
    try {
      const manifest = join(p.dir, 'manifest.json');
      const r = run(['s/noise.mjs'], {
        cwd: p.dir,
        env: { ...SAVE, SIMORG_FORMATS: 'png', SIMORG_OUTPUT_DIR: fs.dir, SIMORG_MANIFEST: manifest },
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        new RegExp(
          `^simorg: cannot write figures to ${fs.dir}/figures/noise \\(ENOSPC: disk full\\); not saved: fig00[0-2]_figure_[1-3]\\.png`,
        ),
      );
      expect(lines[1]).toBe('simorg: exit code 1: figures were not saved (see above)');
      // Every file on the disk is whole: a PNG that decodes and carries its provenance. No temporaries.
      const all = walk(fs.dir);
      expect(all.filter((f) => f.includes('simorg-tmp'))).toEqual([]);
      // The saved-files list (save-list.ts) is whole too, when it fitted.
      for (const f of all.filter((x) => x.endsWith('.simorg-saved.json')))
        expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
      const files = all.filter((f) => !f.endsWith('.simorg-saved.json'));
      for (const f of files) {
        const buf = readFileSync(f);
        const img = new Image();
        img.src = buf;
        expect([img.width, img.height]).toEqual([250, 250]);
        expect(readProvenance(buf).provenance?.figure.format).toBe('png');
      }
      const m = JSON.parse(readFileSync(manifest, 'utf8'));
      expect(m.exit).toEqual({ code: 1 });
      expect(m.figures.length + m.failedFigures.length).toBe(3);
      expect(m.figures.map((f: { path: string }) => f.path).sort()).toEqual(files.sort());
      for (const f of m.failedFigures) expect(f).toMatchObject({ format: 'png', error: 'ENOSPC: disk full' });
      expect(m.error.message).toMatch(
        /^figure \S+fig00[0-2]_figure_[1-3]\.png could not be saved \(ENOSPC: disk full\)/,
      );
      expect(m.written.filter((f: string) => f.startsWith(fs.dir))).toEqual([]);
    } finally {
      fs.unmount();
    }
  });

  it('leaves no half manifest when the manifest itself does not fit', () => {
    const fs = mountTmpfs({ size: '64k' });
    try {
      fs.fill();
      const manifest = join(fs.dir, 'run', 'manifest.json');
      const r = run(['s/one.mjs'], {
        cwd: p.dir,
        env: { ...SAVE, SIMORG_FORMATS: 'png', SIMORG_MANIFEST: manifest },
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^simorg: could not write the run manifest ${manifest}: ENOSPC`));
      expect(walk(fs.dir).filter((f) => !f.endsWith('filler'))).toEqual([]);
    } finally {
      fs.unmount();
    }
  });

  it('keeps a script that already failed at its own exit code', () => {
    const fs = mountTmpfs({ size: '512k' });
    try {
      p.write('s/noise-exit3.mjs', `${NOISE}process.exitCode = 3;\n`);
      const r = run(['s/noise-exit3.mjs'], {
        cwd: p.dir,
        env: { ...SAVE, SIMORG_FORMATS: 'png', SIMORG_OUTPUT_DIR: fs.dir },
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/ENOSPC: disk full/);
      expect(r.stderr).not.toMatch(/exit code 1/);
    } finally {
      fs.unmount();
    }
  });
});

describe.skipIf(noMount)('the runner records a run that lost figures as failed', () => {
  let t: TempProject;
  beforeAll(() => {
    t = tempProject({}, { 'sims/noise.mjs': NOISE.replace("import 'simorg';\n", '') });
    symlinkSync(
      fileURLToPath(new URL('../../node_modules', import.meta.url)),
      join(t.root, 'node_modules'),
      'dir',
    );
  });
  afterAll(() => t.cleanup());

  it('failed, with the error naming the figure and the cause; the script is not fresh', async () => {
    const fs = mountTmpfs({ size: '512k' });
    try {
      t.write('.simorgrc.json', JSON.stringify({ outputDir: fs.dir, formats: ['png'] }));
      const r = await t.cli(['run', 'sims/noise.mjs', '--json']);
      expect(r.code).toBe(1);
      const res = JSON.parse(r.stdout).runs[0];
      expect(res.status).toBe('failed');
      const rec = JSON.parse((await t.cli(['show', res.runId, '--json'])).stdout);
      expect(rec.status).toBe('failed');
      expect(rec.exitCode ?? rec.exit_code).toBe(1);
      expect(rec.error.message).toMatch(/^figure \S+\.png could not be saved \(ENOSPC: disk full\)/);
      const st = await t.cli(['status', 'sims/noise.mjs', '--json']);
      expect(st.stdout).not.toMatch(/"fresh"/);
    } finally {
      fs.unmount();
    }
  });
});

describe.skipIf(noMount)('a read-only file system as the output folder', () => {
  it('says read-only (EROFS), not ENOENT', () => {
    const fs = mountTmpfs({ size: '64k', readOnly: true });
    try {
      const r = run(['s/one.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_OUTPUT_DIR: join(fs.dir, 'out') } });
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `simorg: cannot write figures to ${fs.dir}/out/figures/one (EROFS: read-only file system); ` +
          'not saved: fig000_figure_1.png, fig000_figure_1.svg, fig000_figure_1.pdf',
      );
    } finally {
      fs.unmount();
    }
  });
});

describe('a figure that cannot be made', () => {
  it('SVG markup that cannot be read: the formats it cost are named, and the script exits 1', () => {
    p.write(
      's/broken-svg.mjs',
      `import { figure } from 'simorg';\nfigure('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect', { name: 'broken' });\n`,
    );
    const r = run(['s/broken-svg.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_FORMATS: 'png,svg' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('Saving File s/_output/figures/broken-svg/svg/fig000_broken.svg\n');
    expect(r.stderr).toMatch(
      /^simorg: could not make the png: the SVG could not be read: .*; not saved: fig000_broken\.png\nsimorg: exit code 1: figures were not saved \(see above\)\n$/,
    );
  });
});

describe('flags and figure() set to nonsense in code', () => {
  it('flags.outputDir = 5 fails at the assignment, naming the flag', () => {
    p.write(
      's/bad-dir.mjs',
      `import { flags, saveFigures } from 'simorg';\ntry { flags.outputDir = 5; } catch (e) { console.log(e.message); }\nconsole.log(flags.outputDir);\n`,
    );
    const r = run(['s/bad-dir.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'simorg: flags.outputDir must be a folder path (a non-empty string), got 5\n_output\n',
    );
    expect(r.stderr).toBe('');
  });

  it('uncaught, it ends the script as any error does (exit 1), not an internal error at exit with code 0', () => {
    p.write(
      's/bad-dir2.mjs',
      `import { flags } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\nflags.saveAll = 'yes';\n`,
    );
    const r = run(['s/bad-dir2.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TypeError: simorg: flags.saveAll must be true or false, got "yes"');
    expect(r.stderr).not.toContain('internal error');
  });

  it('saveFigures() with wrong options says which, before saving anything', () => {
    p.write(
      's/bad-save.mjs',
      `import { saveFigures } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}\nfor (const o of [null, { root: 5 }, { formats: 'tiff' }, { print: 'no' }]) { try { await saveFigures(o); } catch (e) { console.log(e.message); } }\n`,
    );
    const r = run(['s/bad-save.mjs'], { cwd: p.dir, env: { SIMORG_NOSHOW: '' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      "simorg: saveFigures(options): options must be an object like { formats: ['png'] }, got null\n" +
        'simorg: saveFigures(options): root must be a folder path (a non-empty string), got number\n' +
        "simorg: saveFigures({ formats }) has unknown format 'tiff'; valid formats are png, svg, pdf, jpg, eps\n" +
        'simorg: saveFigures(options): print must be true or false, got string\n',
    );
    expect(p.files('s/_output/figures/bad-save')).toEqual([]);
  });

  it('figure(canvas, null) says what options it takes', () => {
    p.write(
      's/bad-fig.mjs',
      `import { figure } from 'simorg';\nimport { createCanvas } from 'canvas';\nfor (const o of [null, 7, { name: {} }]) { try { figure(createCanvas(2, 2), o); } catch (e) { console.log(e.message); } }\n`,
    );
    const r = run(['s/bad-fig.mjs'], { cwd: p.dir, env: { SIMORG_NOSHOW: '' } });
    expect(r.stdout).toBe(
      "simorg: figure(x, options) takes options like { name: 'trace' }, got null\n" +
        "simorg: figure(x, options) takes options like { name: 'trace' }, got number\n" +
        'simorg: figure(x, { name }) takes a string name, got object\n',
    );
  });
});
