// PDF provenance lives in the document information dictionary. node-canvas writes it for the
// canvases it renders; for PDFs made elsewhere (rsvg-convert) an incremental update appends a new
// Info dictionary, the PDF way of amending a file without rewriting it.

export interface PdfInfo {
  Title?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
}

/** A PDF text string: UTF-16BE with BOM, hex-encoded, which needs no escaping. */
function pdfString(s: string): string {
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/** Appends an incremental update whose trailer points at a new Info dictionary. */
export function pdfWithInfo(pdf: Buffer, info: PdfInfo): Buffer {
  const tail = pdf.toString('latin1', Math.max(0, pdf.length - 4096));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const trailers = [...tail.matchAll(/trailer\s*<<([\s\S]*?)>>/g)];
  const trailer = trailers.at(-1)?.[1];
  const size = trailer && /\/Size\s+(\d+)/.exec(trailer);
  const root = trailer && /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!start || !size || !root) throw new Error('PDF without a classic trailer');
  const n = Number(size[1]);
  const body = Object.entries(info)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `/${k} ${pdfString(v as string)}`)
    .join(' ');
  const sep = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const objAt = pdf.length + sep.length;
  const obj = `${n} 0 obj\n<< ${body} >>\nendobj\n`;
  const xrefAt = objAt + Buffer.byteLength(obj, 'latin1');
  const xref =
    `xref\n0 1\n0000000000 65535 f \n${n} 1\n${String(objAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${n + 1} /Root ${root[1]} /Info ${n} 0 R /Prev ${start[1]} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(sep + obj + xref, 'latin1')]);
}

/**
 * The page box of a one-page PDF set to `width` x `height` pt, by an incremental update that
 * restates the page object (node-canvas makes pages of whole points only). Unchanged when the file
 * is not the simple shape cairo writes.
 */
export function pdfWithPageSize(pdf: Buffer, width: number, height: number): Buffer {
  const text = pdf.toString('latin1');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[[^\]]*\]/g)];
  if (boxes.length !== 1) return pdf;
  const at = boxes[0]!.index!;
  const head = [...text.slice(0, at).matchAll(/(\d+)\s+(\d+)\s+obj\b/g)].at(-1);
  const end = text.indexOf('endobj', at);
  const tail = text.slice(Math.max(0, text.length - 4096));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const trailer = [...tail.matchAll(/trailer\s*<<([\s\S]*?)>>/g)].at(-1)?.[1];
  const size = trailer && /\/Size\s+(\d+)/.exec(trailer);
  const root = trailer && /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  const info = trailer && /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!head || end < 0 || !start || !size || !root || head[2] !== '0') return pdf;
  const num = (n: number) => String(Math.round(n * 1000) / 1000);
  const body = text
    .slice(head.index! + head[0].length, end)
    .replace(/\/MediaBox\s*\[[^\]]*\]/, `/MediaBox [ 0 0 ${num(width)} ${num(height)} ]`);
  const sep = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const objAt = pdf.length + sep.length;
  const obj = `${head[1]} 0 obj${body}endobj\n`;
  const xrefAt = objAt + Buffer.byteLength(obj, 'latin1');
  const xref =
    `xref\n0 1\n0000000000 65535 f \n${head[1]} 1\n${String(objAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size[1]} /Root ${root[1]}${info ? ` /Info ${info[1]}` : ''} /Prev ${start[1]} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(sep + obj + xref, 'latin1')]);
}

function decodePdfString(raw: string): string {
  if (raw.startsWith('<')) {
    const bytes = Buffer.from(raw.slice(1, -1).replace(/\s+/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  const inner = raw.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_m, e: string) => {
    const map: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      b: '\b',
      f: '\f',
      '(': '(',
      ')': ')',
      '\\': '\\',
    };
    if (e in map) return map[e]!;
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return '';
  });
  const bytes = Buffer.from(inner, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return inner;
}

// A provenance string is a few hundred bytes; a literal string longer than this is not ours.
const MAX_LITERAL = 1 << 16;

/**
 * Every value of `/key` in the file (later ones override: incremental updates come last). A
 * hand-written scan rather than a regular expression: each byte is looked at a bounded number of
 * times, so a forged file full of unterminated strings still reads in linear time.
 */
export function readPdfInfoValues(pdf: Buffer, key: keyof PdfInfo): string[] {
  const text = pdf.toString('latin1');
  const name = `/${key}`;
  const out: string[] = [];
  let at = text.indexOf(name);
  while (at >= 0) {
    let i = at + name.length;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    let next = i;
    if (text[i] === '<') {
      const gt = text.indexOf('>', i);
      if (gt < 0) break; // no later hex string can close either
      const raw = text.slice(i, gt + 1);
      if (/^<[0-9A-Fa-f\s]*>$/.test(raw)) out.push(decodePdfString(raw));
      next = gt + 1;
    } else if (text[i] === '(') {
      const end = literalEnd(text, i);
      if (end > 0) out.push(decodePdfString(text.slice(i, end)));
      next = end > 0 ? end : Math.min(text.length, i + MAX_LITERAL);
    }
    at = text.indexOf(name, Math.max(next, at + name.length));
  }
  return out;
}

/** The index just past the `)` closing the literal string opened at `start`, or -1 within the bound. */
function literalEnd(text: string, start: number): number {
  let depth = 0;
  const stop = Math.min(text.length, start + MAX_LITERAL);
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c)
      i++; // backslash: the next char is escaped
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return -1;
}
