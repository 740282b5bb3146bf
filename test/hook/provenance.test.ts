import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  epsWithComment,
  jpegWithComment,
  readEpsComment,
  readJpegComments,
  readSvgMetadata,
  svgWithMetadata,
} from '../../src/hook/save/meta-text.js';
import { pdfWithInfo, readPdfInfoValues } from '../../src/hook/save/meta-pdf.js';
import { crc32, pngWithText, readPngText } from '../../src/hook/save/png-text.js';
import { readProvenance, sniffFormat } from '../../src/hook/provenance/provenance-read.js';
import { SIMORG_VERSION } from '../../src/hook/version.js';

// A real 1x1 PNG and PDF to amend (node-canvas, as the hook uses).
import { createCanvas, Image } from 'canvas';

const prov = {
  tool: 'simorg',
  version: '0.1.0',
  script: '/data/sims/é (1).mjs',
  time: '2026-01-01T00:00:00.000Z',
  node: 'v20',
  figure: { index: 0, name: 'a', format: 'png' },
};
const json = JSON.stringify(prov);

describe('provenance metadata', () => {
  it('computes the CRC-32 PNG uses', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes PNG text chunks right after IHDR that libpng-based tools accept', () => {
    const png = createCanvas(4, 3).toBuffer('image/png');
    const out = pngWithText(png, { 'simorg-provenance': json, Software: 'simorg 0.1.0' });
    expect(out.toString('latin1', 37, 41)).toBe('iTXt'); // after the 8-byte signature and 25-byte IHDR
    expect(readPngText(out)).toEqual({ 'simorg-provenance': json, Software: 'simorg 0.1.0' });
    expect(readProvenance(out).provenance).toEqual(prov);
    // decodes (every CRC right): pdftoppm is not for PNGs, but node-canvas' loader checks CRCs
    const img = new Image();
    img.src = out;
    expect([img.width, img.height]).toEqual([4, 3]);
  });

  it('writes a JPEG COM segment', () => {
    const jpg = createCanvas(4, 3).toBuffer('image/jpeg');
    const out = jpegWithComment(jpg, `simorg-provenance ${json}`);
    expect(readJpegComments(out)).toEqual([`simorg-provenance ${json}`]);
    expect(readProvenance(out).provenance).toEqual(prov);
  });

  it('writes SVG <metadata> as the first child, escaped', () => {
    const tricky = JSON.stringify({ ...prov, script: '/a/<b>&c.mjs' });
    const out = svgWithMetadata(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect/></svg>',
      tricky,
    );
    expect(out).toMatch(
      /<svg [^>]*>\n<metadata id="simorg-provenance">.*&lt;b&gt;&amp;c.*<\/metadata><rect\/>/,
    );
    expect(readSvgMetadata(out)).toBe(tricky);
    expect(svgWithMetadata('<svg xmlns="http://www.w3.org/2000/svg"/>', '{}')).toMatch(
      /^<svg xmlns="[^"]+">\n<metadata.*<\/metadata>\n<\/svg>$/,
    );
  });

  it('appends a PDF Info dictionary as an incremental update that pdfinfo reads', () => {
    const pdf = createCanvas(20, 10, 'pdf').toBuffer('application/pdf');
    const out = pdfWithInfo(pdf, { Title: 'fig (é)', Subject: `simorg-provenance ${json}` });
    const info = execFileSync('pdfinfo', ['-'], { input: out, encoding: 'utf8' });
    expect(info).toMatch(/^Title: +fig \(é\)$/m);
    expect(info).toContain(`Subject:         simorg-provenance ${json}`);
    expect(readPdfInfoValues(out, 'Subject').at(-1)).toBe(`simorg-provenance ${json}`);
    expect(execFileSync('pdftoppm', ['-r', '10', '-png'], { input: out }).subarray(1, 4).toString()).toBe(
      'PNG',
    );
  });

  it('writes an EPS DSC comment in the header, ASCII only', () => {
    const eps = Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 1 1\n%%EndComments\n');
    const out = epsWithComment(eps, json);
    expect(out.toString('latin1').split('\n')[1]).toMatch(/^%%simorg-provenance: [\x20-\x7e]+$/);
    expect(JSON.parse(readEpsComment(out)!)).toEqual(prov);
    expect(sniffFormat(out)).toBe('eps');
  });

  it('keeps the version in step with package.json', () => {
    expect(SIMORG_VERSION).toBe(
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
    );
  });
});
