// The files of a PDF or SVG canvas (see canvas-own.ts). A PDF canvas: its own PDF, all pages, as
// node-canvas wrote it with our provenance added; every other format drawn from its recording by
// the ordinary encoder, one file per page when there are several (`fig003_name-p1.png`, `-p2.png`,
// ...; one page, no suffix). An SVG canvas: drawn from its recording up to the script's own
// toBuffer() like any canvas figure, so that its SVG holds text as text (cairo's own SVG can only
// hold glyph outlines); its own SVG is what is saved when there is no recording to draw from.
import { ownSurface } from '../canvas/canvas.js';
import type { OwnSurface } from '../canvas/canvas-own.js';
import type { Format } from '../flags.js';
import { svgWithMetadata } from './meta-text.js';
import { pdfWithInfo } from './meta-pdf.js';
import type { Provenance } from '../provenance/provenance.js';
import { FigureEncoder, pdfInfo, svgInPx, type EncodeContext, type Task } from './save-formats.js';
import type { CanvasEntry, FigureEntry } from '../state.js';

export interface OwnFile {
  /** Added to the file's base name: `-p2` for the second page, '' otherwise. */
  suffix: string;
  encode(): Task<Buffer>;
}

export class OwnFigure {
  private readonly encoders = new Map<number, FigureEncoder>();

  private constructor(
    private readonly own: OwnSurface,
    private readonly entry: CanvasEntry,
    private readonly label: string,
    private readonly ctx: EncodeContext,
    private readonly provenance: (format: Format) => Provenance,
  ) {}

  /** For a PDF or SVG canvas; undefined for anything else. `final`: the script is over. */
  static of(
    entry: FigureEntry,
    final: boolean,
    label: string,
    ctx: EncodeContext,
    provenance: (format: Format) => Provenance,
  ): OwnFigure | undefined {
    if (entry.kind !== 'canvas') return undefined;
    const own = ownSurface(entry, final);
    return own && new OwnFigure(own, entry, label, ctx, provenance);
  }

  /** The files `format` makes of this canvas: none when there is nothing to make them from. */
  files(format: Format): OwnFile[] {
    const o = this.own;
    if (o.type === 'pdf' && format === 'pdf' && (o.bytes || o.pages > 0))
      return [{ suffix: '', encode: () => this.pdf() }];
    if (o.pages === 0) {
      if (o.bytes && o.type === 'svg') {
        return [
          {
            suffix: '',
            encode: () => (format === 'svg' ? this.svg(o.bytes!) : this.fromSvg(o.bytes!, format)),
          },
        ];
      }
      this.ctx.warn(
        `simorg: ${this.label} is a ${o.type.toUpperCase()} canvas without a recording to draw it from ` +
          `(over SIMORG_MAX_VECTOR_OPS, or saved before its end); no ${format} made`,
      );
      return [];
    }
    const out: OwnFile[] = [];
    for (let k = 0; k < o.pages; k++) {
      const suffix = o.pages > 1 ? `-p${k + 1}` : '';
      out.push({ suffix, encode: () => this.page(k, suffix).encode(format) });
    }
    return out;
  }

  private *pdf(): Task<Buffer> {
    const info = pdfInfo(this.provenance('pdf'));
    if (this.own.bytes)
      return pdfWithInfo(this.own.bytes, {
        Title: info.title,
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: info.creator,
      });
    const c = this.own.redraw();
    if (!c) throw new Error('node-canvas could not make a PDF surface');
    return c.toBuffer('application/pdf', info);
  }

  // A generator for the shape's sake: nothing here waits.
  // eslint-disable-next-line require-yield
  private *svg(bytes: Buffer): Task<Buffer> {
    const text = svgInPx(bytes.toString('utf8'), this.own.width, this.own.height);
    return Buffer.from(svgWithMetadata(text, JSON.stringify(this.provenance('svg'))), 'utf8');
  }

  /** No recording (over budget): the canvas' own SVG, read by librsvg like any SVG figure. */
  private fromSvg(bytes: Buffer, format: Format): Task<Buffer> {
    const svg = svgInPx(bytes.toString('utf8'), this.own.width, this.own.height);
    const entry: FigureEntry = {
      kind: 'svg',
      svg,
      seq: this.entry.seq,
      explicit: true,
      ignored: false,
      name: this.entry.name,
    };
    return new FigureEncoder(entry, this.label, this.ctx, this.provenance).encode(format);
  }

  /** Page `k` as a canvas figure of its own (pixels at CSS px, its recording), for the ordinary encoder. */
  private page(k: number, suffix: string): FigureEncoder {
    let enc = this.encoders.get(k);
    if (enc) return enc;
    const p = this.own.page(k);
    if (!p) throw new Error('node-canvas could not make a canvas to draw the page on');
    const entry: CanvasEntry = {
      kind: 'canvas',
      canvas: p.canvas,
      seq: this.entry.seq,
      name: this.entry.name,
      explicit: true,
      ignored: false,
      drawn: true,
      usedAsSource: false,
      recording: p.recording,
    };
    enc = new FigureEncoder(entry, this.label + suffix, this.ctx, this.provenance);
    this.encoders.set(k, enc);
    return enc;
  }
}
