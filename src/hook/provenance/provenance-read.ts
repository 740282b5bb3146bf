// Reading provenance back from a saved figure, whatever its format (for `simorg trace`).
// Pure functions: no hook state, so the CLI can use them without installing the hook. The file may
// be anyone's: only the bytes where simorg puts metadata are read (bounded), every scan is linear,
// and what is found is checked field by field before anyone prints it.
import { PROVENANCE_KEY, readEpsComment, readJpegComments, readSvgMetadata } from '../save/meta-text.js';
import { readPdfInfoValues } from '../save/meta-pdf.js';
import { readPngText } from '../save/png-text.js';
import type { Format } from '../formats.js';
import type { Provenance } from './provenance.js';

export type FigureFormat = Format;

/**
 * How much of a file is read: the head holds the metadata of PNG (after IHDR), JPEG (after APPn),
 * SVG (first child of the root) and EPS (header comments); a PDF's Info dictionary is at its end
 * (cairo writes it last, and simorg's own amendment is appended), so PDFs add the tail.
 */
export const HEAD_BYTES = 1 << 20;
export const TAIL_BYTES = 1 << 20;

/** Random access to a file's bytes (a Buffer in tests, a file descriptor in `simorg trace`). */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Buffer;
}

export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (pos, len) => buf.subarray(pos, pos + len) };
}

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

export interface ProvenanceResult {
  format?: FigureFormat;
  /** Present only when every field has the right type. */
  provenance?: Provenance;
  /** Set when simorg provenance is there but unusable: what is wrong with it, field by field. */
  invalid?: string[];
}

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const int: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const bool: Check = (v) => typeof v === 'boolean';

const FIELDS: [path: string, check: Check, required: boolean, expected: string][] = [
  ['version', str, true, 'a string'],
  ['script', str, true, 'a string'],
  ['time', str, true, 'a string'],
  ['node', str, true, 'a string'],
  ['runId', str, false, 'a string'],
  ['figure', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), true, 'an object'],
  ['figure.index', int, true, 'a whole number'],
  ['figure.name', str, true, 'a string'],
  ['figure.format', str, true, 'a string'],
  ['git', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), false, 'an object'],
  ['git.commit', str, true, 'a string'],
  ['git.branch', str, false, 'a string'],
  ['git.dirty', bool, false, 'true or false'],
];

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The fields that are missing or of the wrong type; empty when `p` is usable as it is. */
export function provenanceProblems(p: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [path, check, required, expected] of FIELDS) {
    const [head, sub] = path.split('.') as [string, string | undefined];
    const parent = sub ? p[head] : p;
    if (sub && (typeof parent !== 'object' || parent === null || Array.isArray(parent))) continue; // reported for the parent
    const v = (parent as Record<string, unknown>)[sub ?? head];
    if (v === undefined) {
      if (required) problems.push(`${path} is missing`);
    } else if (!check(v)) {
      problems.push(`${path} should be ${expected}, not ${describeType(v)}`);
    }
  }
  return problems;
}

/** Only the known fields, so nothing forged rides along into the output. */
function known(p: Record<string, unknown>): Provenance {
  const f = p.figure as Provenance['figure'];
  const out: Provenance = {
    tool: 'simorg',
    version: p.version as string,
    script: p.script as string,
    time: p.time as string,
    figure: { index: f.index, name: f.name, format: f.format },
    node: p.node as string,
  };
  if (p.runId !== undefined) out.runId = p.runId as string;
  const g = p.git as Provenance['git'];
  if (g) {
    out.git = { commit: g.commit };
    if (g.branch !== undefined) out.git.branch = g.branch;
    if (g.dirty !== undefined) out.git.dirty = g.dirty;
  }
  return out;
}

function parse(json: string | undefined): Pick<ProvenanceResult, 'provenance' | 'invalid'> {
  if (json === undefined) return {};
  let p: unknown;
  try {
    p = JSON.parse(json);
  } catch {
    return { invalid: ['its text is not JSON'] };
  }
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    return { invalid: ['its text is not a JSON object'] };
  const rec = p as Record<string, unknown>;
  if (rec.tool !== 'simorg') return { invalid: ["tool should be 'simorg'"] };
  const problems = provenanceProblems(rec);
  return problems.length ? { invalid: problems } : { provenance: known(rec) };
}

function afterKey(text: string | undefined): string | undefined {
  return text?.startsWith(PROVENANCE_KEY + ' ') ? text.slice(PROVENANCE_KEY.length + 1) : undefined;
}

/** Provenance from a whole file in memory. */
export function readProvenance(buf: Buffer): ProvenanceResult {
  return readProvenanceFrom(bufferSource(buf));
}

/** Provenance from a file, reading at most HEAD_BYTES + TAIL_BYTES of it. */
export function readProvenanceFrom(src: ByteSource): ProvenanceResult {
  const head = src.read(0, Math.min(src.size, HEAD_BYTES));
  const format = sniffFormat(head);
  let json: string | undefined;
  switch (format) {
    case 'png':
      json = readPngText(head)[PROVENANCE_KEY];
      break;
    case 'jpg':
      json = readJpegComments(head).map(afterKey).find(Boolean);
      break;
    case 'svg':
      json = readSvgMetadata(head.toString('utf8'));
      break;
    case 'pdf': {
      const tailAt = Math.max(head.length, src.size - TAIL_BYTES);
      const tail = tailAt < src.size ? src.read(tailAt, src.size - tailAt) : Buffer.alloc(0);
      const values = [...readPdfInfoValues(head, 'Subject'), ...readPdfInfoValues(tail, 'Subject')];
      json = values.map(afterKey).filter(Boolean).at(-1);
      // Not at either end (a large file rewritten by another tool): where the trailer says it is.
      if (json === undefined && tailAt > head.length) {
        const obj = pdfInfoObject(src, tail.length ? tail : head);
        if (obj) json = readPdfInfoValues(obj, 'Subject').map(afterKey).filter(Boolean).at(-1);
      }
      break;
    }
    case 'eps':
      json = readEpsComment(head);
      break;
  }
  return { format, ...parse(json) };
}

const XREF_BYTES = 1 << 20;
const OBJECT_BYTES = 1 << 16;

/**
 * The bytes of the Info dictionary's object, found as a PDF reader finds it: the last trailer's
 * `/Info n g R`, then classic cross-reference sections from `startxref` back along `/Prev` (a few
 * hops, each read bounded). Cross-reference streams (PDF 1.5 object streams) are not followed.
 */
function pdfInfoObject(src: ByteSource, tail: Buffer): Buffer | undefined {
  const t = tail.toString('latin1');
  const info = [...t.matchAll(/\/Info\s+(\d+)\s+\d+\s+R/g)].at(-1);
  let at = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(t)?.[1] ?? NaN);
  if (!info || !Number.isSafeInteger(at)) return undefined;
  const num = Number(info[1]);
  for (let hop = 0; hop < 8 && at >= 0 && at < src.size; hop++) {
    const sec = src.read(at, Math.min(XREF_BYTES, src.size - at)).toString('latin1');
    if (!sec.startsWith('xref')) return undefined;
    const found = xrefOffset(sec, num);
    if (found === 'free') return undefined;
    if (found !== undefined)
      return found < src.size ? src.read(found, Math.min(OBJECT_BYTES, src.size - found)) : undefined;
    const trailer = sec.indexOf('trailer');
    const prev = trailer < 0 ? null : /\/Prev\s+(\d+)/.exec(sec.slice(trailer, trailer + 4096));
    if (!prev) return undefined;
    at = Number(prev[1]);
  }
  return undefined;
}

/** Object `num`'s offset in one classic cross-reference section, 'free', or undefined if not in it. */
function xrefOffset(sec: string, num: number): number | 'free' | undefined {
  const header = /(\d+)[ \t]+(\d+)[ \t]*\r?\n/y;
  let i = sec.indexOf('\n') + 1;
  while (i > 0 && i < sec.length) {
    header.lastIndex = i;
    const h = header.exec(sec);
    if (!h) return undefined; // `trailer` (or something we do not read)
    const start = Number(h[1]);
    const count = Number(h[2]);
    i = header.lastIndex;
    if (num >= start && num < start + count) {
      const entry = sec.slice(i + (num - start) * 20, i + (num - start) * 20 + 18);
      const m = /^(\d{10}) \d{5} ([nf])$/.exec(entry);
      if (!m) return undefined;
      return m[2] === 'f' ? 'free' : Number(m[1]);
    }
    i += count * 20;
  }
  return undefined;
}
