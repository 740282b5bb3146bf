// Provenance in JPEG (a COM segment), SVG (a <metadata> element) and EPS (a DSC comment), and
// reading it back for `simorg trace`. The text is always `PROVENANCE_KEY` + one JSON object.

export const PROVENANCE_KEY = 'simorg-provenance';
const SVG_NS = 'https://github.com/simorg/simorg/provenance';

/** Inserts a COM segment after SOI and any APP0/APP1 headers (viewers expect those first). */
export function jpegWithComment(jpg: Buffer, text: string): Buffer {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new Error('not a JPEG');
  let at = 2;
  while (at + 4 <= jpg.length && jpg[at] === 0xff && (jpg[at + 1] === 0xe0 || jpg[at + 1] === 0xe1)) {
    at += 2 + jpg.readUInt16BE(at + 2);
  }
  const body = Buffer.from(text, 'utf8').subarray(0, 65533);
  const seg = Buffer.alloc(4);
  seg[0] = 0xff;
  seg[1] = 0xfe;
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpg.subarray(0, at), seg, body, jpg.subarray(at)]);
}

export function readJpegComments(jpg: Buffer): string[] {
  const out: string[] = [];
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) return out;
  let at = 2;
  while (at + 4 <= jpg.length && jpg[at] === 0xff) {
    const marker = jpg[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // image data starts: no more headers
    const len = jpg.readUInt16BE(at + 2);
    if (marker === 0xfe) out.push(jpg.toString('utf8', at + 4, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Puts `<metadata>` as the first child of the root <svg> element. */
export function svgWithMetadata(svg: string, json: string): string {
  const open = /<svg\b[^>]*>/i.exec(svg);
  if (!open) throw new Error('not an SVG document');
  const selfClosing = open[0].endsWith('/>');
  const meta =
    `<metadata id="${PROVENANCE_KEY}"><simorg:provenance xmlns:simorg="${SVG_NS}">` +
    `${xmlEscape(json)}</simorg:provenance></metadata>`;
  const end = open.index + open[0].length;
  if (selfClosing)
    return svg.slice(0, open.index) + open[0].slice(0, -2) + `>\n${meta}\n</svg>` + svg.slice(end);
  return svg.slice(0, end) + '\n' + meta + svg.slice(end);
}

const OPEN_TAG = '<simorg:provenance';
const CLOSE_TAG = '</simorg:provenance>';

/**
 * The text of the first `<simorg:provenance>` element. By indexOf, not a regular expression: a
 * forged file with thousands of unclosed tags must not cost quadratic time (one scan each way).
 */
export function readSvgMetadata(svg: string): string | undefined {
  let at = svg.indexOf(OPEN_TAG);
  while (at >= 0 && /[\w:.-]/.test(svg.charAt(at + OPEN_TAG.length))) at = svg.indexOf(OPEN_TAG, at + 1);
  if (at < 0) return undefined;
  const gt = svg.indexOf('>', at + OPEN_TAG.length);
  if (gt < 0) return undefined;
  // No closing tag after the first opening one means none after any later one either.
  const end = svg.indexOf(CLOSE_TAG, gt + 1);
  if (end < 0) return undefined;
  return svg
    .slice(gt + 1, end)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A DSC comment right after the `%!PS-Adobe` line, inside the header comments. */
export function epsWithComment(eps: Buffer, json: string): Buffer {
  const nl = eps.indexOf(0x0a);
  if (eps.toString('latin1', 0, 4) !== '%!PS' || nl < 0) throw new Error('not an EPS file');
  // DSC lines are ASCII: escape anything else so the header stays valid.
  const ascii = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.concat([
    eps.subarray(0, nl + 1),
    Buffer.from(`%%${PROVENANCE_KEY}: ${ascii}\n`, 'latin1'),
    eps.subarray(nl + 1),
  ]);
}

export function readEpsComment(eps: Buffer): string | undefined {
  const head = eps.toString('latin1', 0, Math.min(eps.length, 65536));
  const m = new RegExp(`^%%${PROVENANCE_KEY}: (.*)$`, 'm').exec(head);
  return m ? m[1]!.trimEnd() : undefined;
}
