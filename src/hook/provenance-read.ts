// Reading provenance back from a saved figure, whatever its format (for `simorg trace`).
// Pure functions: no hook state, so the CLI can use them without installing the hook.
import { PROVENANCE_KEY, readEpsComment, readJpegComments, readSvgMetadata } from './meta-text.js';
import { readPdfInfoValues } from './meta-pdf.js';
import { readPngText } from './png-text.js';
import type { Provenance } from './provenance.js';

export type FigureFormat = 'png' | 'jpg' | 'svg' | 'pdf' | 'eps';

/** The format from the file's first bytes (not its name, which may lie). */
export function sniffFormat(buf: Buffer): FigureFormat | undefined {
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf[0] === 0xff && buf[1] === 0xd8) return 'jpg';
  const head = buf.toString('latin1', 0, 1024);
  if (head.startsWith('%PDF')) return 'pdf';
  if (head.startsWith('%!PS')) return 'eps';
  if (/<svg[\s>]/i.test(buf.toString('utf8', 0, 4096))) return 'svg';
  return undefined;
}

function parse(json: string | undefined): Provenance | undefined {
  if (!json) return undefined;
  try {
    const p = JSON.parse(json) as Provenance;
    return p && p.tool === 'simorg' ? p : undefined;
  } catch {
    return undefined;
  }
}

function afterKey(text: string | undefined): string | undefined {
  return text?.startsWith(PROVENANCE_KEY + ' ') ? text.slice(PROVENANCE_KEY.length + 1) : undefined;
}

export function readProvenance(buf: Buffer): { format?: FigureFormat; provenance?: Provenance } {
  const format = sniffFormat(buf);
  let json: string | undefined;
  switch (format) {
    case 'png':
      json = readPngText(buf)[PROVENANCE_KEY];
      break;
    case 'jpg':
      json = readJpegComments(buf).map(afterKey).find(Boolean);
      break;
    case 'svg':
      json = readSvgMetadata(buf.toString('utf8'));
      break;
    case 'pdf':
      json = readPdfInfoValues(buf, 'Subject').map(afterKey).filter(Boolean).at(-1);
      break;
    case 'eps':
      json = readEpsComment(buf);
      break;
  }
  return { format, provenance: parse(json) };
}
