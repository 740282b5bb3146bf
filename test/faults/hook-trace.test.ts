// `simorg trace` on files that are not what they claim: endless devices, FIFOs with no writer,
// forged metadata (terminal escapes, forged lines, wrong types, missing fields) and files built to
// make a regular expression take quadratic time. Real files, real FIFOs, the built CLI.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngWithText } from '../../src/hook/save/png-text.js';
import { svgWithMetadata } from '../../src/hook/save/meta-text.js';
import { pdfWithInfo } from '../../src/hook/save/meta-pdf.js';
import { SIMORG_BIN, project, type Project } from '../e2e/hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
});
afterAll(() => p.cleanup());

const GOOD = {
  tool: 'simorg',
  version: '0.1.0',
  script: '/s/a.mjs',
  time: '2026-01-01T00:00:00.000Z',
  node: 'v20',
  figure: { index: 0, name: 'a', format: 'png' },
};

// The CPU time the trace process itself used (user + system), which other processes on a busy
// machine do not inflate as they do its wall time: a quadratic expression costs tens of seconds of
// it, a linear read a fraction of one. Written at exit by a preload, to a file of its own.
const CPU_PRELOAD = `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.TRACE_CPU_FILE, String((u.user + u.system) / 1000)); });`;

/** Runs trace to its end (or 20 s), and the CPU ms it used (Infinity when killed before its exit). */
function trace(
  args: string[],
  timeout = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string; cpuMs: number }> {
  const preload = join(p.dir, 'cpu-preload.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const cpuFile = join(p.dir, `cpu-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, SIMORG_BIN, 'trace', ...args], {
      cwd: p.dir,
      env: { ...process.env, TRACE_CPU_FILE: cpuFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let cpuMs = Infinity;
      try {
        cpuMs = Number(readFileSync(cpuFile, 'utf8'));
      } catch {
        // killed by the timer: no exit handler ran
      }
      resolve({ code, stdout, stderr, cpuMs });
    });
  });
}

function png(meta: object | string): string {
  const text = typeof meta === 'string' ? meta : JSON.stringify(meta);
  const f = join(p.dir, `f${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(f, pngWithText(createCanvas(2, 2).toBuffer('image/png'), { 'simorg-provenance': text }));
  return f;
}

describe('trace reads only regular files, and only where metadata lives', () => {
  it('refuses /dev/zero at once instead of reading it forever', async () => {
    const r = await trace(['/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'simorg: /dev/zero is a device, not a figure file\n  name a saved figure (png, svg, pdf, jpg or eps)\n',
    );
  });

  it('refuses a FIFO with no writer instead of blocking on it', async () => {
    const fifo = join(p.dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const r = await trace(['pipe.png']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^simorg: pipe\.png is a FIFO, not a figure file\n/);
  });

  it('finds a PDF Info dictionary in the middle of a large file through the trailer and xref', async () => {
    // cairo's PDF, 3 MB of comment, its trailer again; then the Info (as simorg amends a PDF), then
    // 3 MB more and an update that changes nothing: the Info is at neither end.
    const cairo = createCanvas(20, 10, 'pdf').toBuffer('application/pdf');
    const cairoText = cairo.toString('latin1');
    const pad = Buffer.from('%' + 'x'.repeat(3 << 20) + '\n', 'latin1');
    const pdf = Buffer.concat([
      cairo,
      pad,
      Buffer.from(cairoText.slice(cairoText.lastIndexOf('trailer')), 'latin1'),
    ]);
    const withInfo = pdfWithInfo(pdf, {
      Subject: `simorg-provenance ${JSON.stringify({ ...GOOD, figure: { ...GOOD.figure, format: 'pdf' } })}`,
    });
    const text = withInfo.toString('latin1');
    const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1];
    const trailer = text.slice(text.lastIndexOf('trailer'));
    const size = /\/Size (\d+)/.exec(trailer)![1];
    const root = /\/Root (\d+ \d+ R)/.exec(trailer)![1];
    const info = /\/Info (\d+ \d+ R)/.exec(trailer)![1];
    const xrefAt = withInfo.length + pad.length;
    const update = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${size} /Root ${root} /Info ${info} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    writeFileSync(join(p.dir, 'mid.pdf'), Buffer.concat([withInfo, pad, Buffer.from(update, 'latin1')]));
    expect(execFileSync('pdfinfo', [join(p.dir, 'mid.pdf')], { encoding: 'utf8' })).toContain(
      'Subject:         simorg-provenance',
    );
    const r = await trace(['mid.pdf', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).figure.format).toBe('pdf');
  });

  it('refuses a folder', async () => {
    const r = await trace(['.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^simorg: \. is a folder, not a figure file\n/);
  });

  it('finds a PDF Info dictionary at the end of a large file, reading only its ends', async () => {
    // 6 MB of PDF comment in the middle: trace must not need it.
    const pdf = createCanvas(20, 10, 'pdf').toBuffer('application/pdf');
    const s = pdf.toString('latin1');
    const at = s.indexOf('\n', s.indexOf('%PDF')) + 1;
    const padded = Buffer.concat([
      pdf.subarray(0, at),
      Buffer.from('%' + 'x'.repeat(6 << 20) + '\n'),
      pdf.subarray(at),
    ]);
    // the xref offsets are now wrong for pdf readers, but trace reads the Info by its key
    const out = pdfWithInfo(pdf, {
      Subject: `simorg-provenance ${JSON.stringify({ ...GOOD, figure: { ...GOOD.figure, format: 'pdf' } })}`,
    });
    const f = join(p.dir, 'big.pdf');
    writeFileSync(f, Buffer.concat([padded, out.subarray(pdf.length)]));
    const r = await trace(['big.pdf', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).figure.format).toBe('pdf');
  });
});

describe('trace of forged metadata', () => {
  it('shows terminal escape sequences and newlines escaped, never raw', async () => {
    const f = png({
      ...GOOD,
      script: '/s/\u001b]0;pwned\u0007x.mjs\u001b[2J',
      runId: 'r1\ncommit:   0000000000000000000000000000000000000000 (clean)',
      figure: { index: 0, name: 'a\u009b31m\u202eb', format: 'png' },
    });
    const r = await trace([f]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stdout).toContain('script:   /s/\\x1b]0;pwned\\x07x.mjs\\x1b[2J');
    expect(r.stdout).toContain('run:      r1\\ncommit:   0000');
    expect(r.stdout).toContain('figure:   fig000 a\\x9b31m\\u202eb (png)');
    // one line per field: the newline forged no line of its own
    expect(r.stdout.split('\n').filter((l) => l.startsWith('commit:'))).toEqual([
      'commit:   (not in a git repository)',
    ]);
    const j = await trace([f, '--json']);
    expect(j.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(j.stdout).figure.name).toBe('a\u009b31m\u202eb'); // still the same JSON
  });

  it('reports wrong types as invalid instead of printing fig[object Object] or commit: undefined', async () => {
    const f = png({
      ...GOOD,
      figure: { index: { a: 1 }, name: 'a', format: 'png' },
      git: { branch: 'main' },
      runId: 7,
    });
    const r = await trace([f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /has simorg provenance that is not valid: runId should be a string, not a number; figure\.index should be a whole number, not an object; git\.commit is missing$/,
    );
    expect(r.stderr).not.toMatch(/object Object|undefined|at .*\.js/);
  });

  it('says which fields a PNG lacks, in two lines without a stack', async () => {
    const { figure: _f, time: _t, ...partial } = GOOD;
    const r = await trace([png(partial)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^simorg: \S+\.png has simorg provenance that is not valid: time is missing; figure is missing\n  it was not written by simorg .*re-running its script\n$/,
    );
    const notJson = await trace([png('{"tool":"simorg", oops')]);
    expect(notJson.stderr).toMatch(/provenance that is not valid: its text is not JSON\n/);
  });

  it('reads an SVG with 80,000 unclosed provenance tags in linear time', async () => {
    const svg = svgWithMetadata(
      '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>',
      '{}',
    ).replace(/<simorg:provenance.*<\/simorg:provenance>/, '');
    const bomb = svg.replace('</svg>', '<simorg:provenance>'.repeat(80_000) + '</svg>');
    expect(bomb.length).toBeLessThan(1 << 21);
    writeFileSync(join(p.dir, 'bomb.svg'), bomb);
    const r = await trace(['bomb.svg']);
    expect(r.stderr).toMatch(/bomb\.svg is a svg file without simorg provenance/);
    expect(r.cpuMs).toBeLessThan(3000); // 34 s with the quadratic expression
  });

  it('reads a PDF with 80,000 unterminated /Subject strings in linear time', async () => {
    const bomb = '%PDF-1.4\n' + '/Subject ((\\'.repeat(30_000) + '/Subject <00'.repeat(30_000) + '\n%%EOF\n';
    writeFileSync(join(p.dir, 'bomb.pdf'), bomb);
    const r = await trace(['bomb.pdf']);
    expect(r.stderr).toMatch(/bomb\.pdf is a pdf file without simorg provenance/);
    expect(r.cpuMs).toBeLessThan(3000);
  });
});

it('trace --help still works', () => {
  const r = spawnSync(process.execPath, [SIMORG_BIN, 'trace', '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('regular files');
});
