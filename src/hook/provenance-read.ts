// Reading provenance back from a saved figure, whatever its format (for `simorg trace`).
// Pure functions: no hook state, so the CLI can use them without installing the hook. The file may
// be anyone's: only the bytes where simorg puts metadata are read (bounded), every scan is linear,
// and what is found is checked field by field before anyone prints it.
import { PROVENANCE_KEY, readEpsComment, readJpegComments, readSvgMetadata } from './meta-text.js';
import { readPdfInfoValues } from './meta-pdf.js';
import { readPngText } from './png-text.js';
import type { Provenance } from './provenance.js';

export type FigureFormat = 'png' | 'jpg' | 'svg' | 'pdf' | 'eps';

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
    tool: 'simorg', version: p.version as string, script: p.script as string, time: p.time as string,
    figure: { index: f.index, name: f.name, format: f.format }, node: p.node as string,
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
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return { invalid: ['its text is not a JSON object'] };
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
      break;
    }
    case 'eps':
      json = readEpsComment(head);
      break;
  }
  return { format, ...parse(json) };
}
