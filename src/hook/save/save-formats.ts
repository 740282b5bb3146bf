// How one figure becomes bytes in each format. Written as generators that yield the slow steps
// (raster encodes, external converters, file writes) as effects: save.ts runs them either
// blocking (exit paths) or concurrently on libuv's threadpool (normal end), with one copy of the logic.
import { replayToVector, untracked } from '../canvas/canvas.js';
import { EpsUnavailable } from '../errors.js';
import type { Format } from '../formats.js';
import { PROVENANCE_KEY, epsWithComment, jpegWithComment, svgWithMetadata } from './meta-text.js';
import { pdfWithInfo, pdfWithPageSize } from './meta-pdf.js';
import { pngWithText } from './png-text.js';
import { provenanceKeywords, type Provenance } from '../provenance/provenance.js';
import type { CanvasLike, FigureEntry } from '../state.js';
import { svgCssSize, type CssSize } from './svg-size.js';
import { onPath } from '../file-lookup.js';
import type { ToolRun } from './tools.js';

/** One rule for every figure and format: a CSS px is 1/96 inch, so 0.75 pt. */
const PT_PER_PX = 0.75;

export type Effect =
  | { op: 'raster'; canvas: CanvasLike; mime: 'image/png' | 'image/jpeg'; config?: Record<string, unknown> }
  | { op: 'tool'; run: ToolRun }
  | { op: 'write'; path: string; data: Buffer };
export type Task<T> = Generator<Effect, T, unknown>;

export interface EncodeContext {
  /** node-canvas' exports (for rasterising SVG and raster fallbacks), loaded on demand. */
  canvasModule(): Record<string, unknown> | undefined;
  /** Pixels per inch of the PNG and JPEG (96: one pixel per CSS px). */
  dpi: number;
  /** One warning line, printed once per distinct text. */
  warn(line: string): void;
}

type CreateCanvas = (w: number, h: number, type?: 'pdf' | 'svg') => CanvasLike;
type Ctx2d = {
  fillStyle: string;
  fillRect(...a: number[]): void;
  drawImage(img: unknown, x: number, y: number, w?: number, h?: number): void;
};

function* raster(
  canvas: CanvasLike,
  mime: 'image/png' | 'image/jpeg',
  config?: Record<string, unknown>,
): Task<Buffer> {
  return (yield { op: 'raster', canvas, mime, config }) as Buffer;
}

function* tool(run: ToolRun): Task<Buffer> {
  return (yield { op: 'tool', run }) as Buffer;
}

/** Encodes one figure, format by format; caches what formats share (raster of an SVG, the PDF). */
export class FigureEncoder {
  private rasterCache?: CanvasLike;
  private pdfCache?: Buffer;

  constructor(
    private readonly entry: FigureEntry,
    private readonly label: string,
    private readonly ctx: EncodeContext,
    private readonly provenance: (format: Format) => Provenance,
  ) {}

  *encode(format: Format): Task<Buffer> {
    const p = this.provenance(format);
    const json = JSON.stringify(p);
    switch (format) {
      case 'png':
        // node-canvas writes the pHYs chunk (pixels per metre) from `resolution`, as matplotlib does.
        return pngWithText(yield* raster(this.pixels(), 'image/png', { resolution: this.ctx.dpi }), {
          [PROVENANCE_KEY]: json,
          Software: `simorg ${p.version}`,
        });
      case 'jpg':
        return jpegWithComment(
          yield* raster(this.opaque(), 'image/jpeg', { quality: 0.92 }),
          `${PROVENANCE_KEY} ${json}`,
        );
      case 'svg':
        return Buffer.from(svgWithMetadata(yield* this.svgText(), json), 'utf8');
      case 'pdf':
        return yield* this.pdf(p);
      case 'eps':
        return epsWithComment(yield* this.eps(p), json);
    }
  }

  private createCanvas(): CreateCanvas {
    const m = this.ctx.canvasModule();
    if (!m || typeof m.createCanvas !== 'function') {
      throw new Error('node-canvas is not installed where the script can load it (npm install canvas)');
    }
    const create = m.createCanvas as CreateCanvas;
    // Made untracked: the saver's own canvases must never become figures (or mark sources).
    return (w, h, type) => untracked(() => create(w, h, type));
  }

  /** The figure's size in CSS px: a canvas' pixels, an SVG's declared size. */
  private cssSize(): CssSize {
    return this.entry.kind === 'canvas'
      ? { width: this.entry.canvas.width, height: this.entry.canvas.height }
      : svgCssSize(this.entry.svg);
  }

  /**
   * The figure as pixels at the wanted resolution: the canvas itself at 96 dpi; else its drawing
   * replayed larger (or its pixels scaled, when there is no recording); an SVG drawn once onto a
   * new canvas of its declared size.
   */
  private pixels(): CanvasLike {
    if (this.rasterCache) return this.rasterCache;
    const k = this.ctx.dpi / 96;
    if (this.entry.kind === 'canvas') {
      const src = this.entry.canvas;
      if (k === 1) return src;
      const v = replayToVector(this.entry, 'image', k);
      if (v) return (this.rasterCache = v);
      this.ctx.warn(
        `simorg: ${this.label} has no vector recording; its pixels are scaled to ${this.ctx.dpi} dpi, not redrawn`,
      );
      const c = this.createCanvas()(
        Math.max(1, Math.round(src.width * k)),
        Math.max(1, Math.round(src.height * k)),
      );
      (c.getContext('2d') as Ctx2d).drawImage(src, 0, 0, src.width * k, src.height * k);
      return (this.rasterCache = c);
    }
    const m = this.ctx.canvasModule();
    const ImageCtor = m?.Image as
      (new () => { src: unknown; width: number; height: number; onerror: unknown }) | undefined;
    if (!ImageCtor)
      throw new Error('node-canvas is not installed where the script can load it (npm install canvas)');
    const img = new ImageCtor();
    let failed: unknown;
    img.onerror = (e: unknown) => (failed = e);
    img.src = Buffer.from(this.entry.svg); // a Buffer source loads synchronously
    if (failed) throw new Error(`the SVG could not be read: ${(failed as Error).message ?? String(failed)}`);
    // node-canvas' librsvg reads units at 90 dpi: size the drawing by our rule instead.
    const size = this.cssSize();
    const c = this.createCanvas()(
      Math.max(1, Math.round(size.width * k)),
      Math.max(1, Math.round(size.height * k)),
    );
    (c.getContext('2d') as Ctx2d).drawImage(img, 0, 0, c.width, c.height);
    return (this.rasterCache = c);
  }

  /** JPEG has no alpha: flatten onto white, as a viewer would show it. */
  private opaque(): CanvasLike {
    const src = this.pixels();
    const c = this.createCanvas()(src.width, src.height);
    const g = c.getContext('2d') as Ctx2d;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(src, 0, 0);
    return c;
  }

  private rasterWarning(format: string): void {
    const rec =
      this.entry.kind === 'canvas'
        ? (this.entry.recording as { over?: boolean; hurried?: boolean; limit?: number } | undefined)
        : undefined;
    if (rec?.hurried) {
      this.ctx.warn(
        `simorg: ${this.label} was saved in haste (the script was stopped by a signal); its vector formats embed a raster image`,
      );
      return;
    }
    if (rec?.over) {
      // One line per figure, whichever vector formats it has: the same text is printed once.
      this.ctx.warn(
        `simorg: ${this.label} has more than ${rec.limit!.toLocaleString('en-US')} drawing operations (SIMORG_MAX_VECTOR_OPS); ` +
          'its vector formats embed a raster image instead',
      );
      return;
    }
    this.ctx.warn(`simorg: ${this.label} has no vector recording; its ${format} embeds a raster image`);
  }

  private *svgText(): Task<string> {
    if (this.entry.kind === 'svg') return this.entry.svg;
    const v = replayToVector(this.entry, 'svg');
    if (v) return svgInPx(v.toBuffer().toString('utf8'), this.entry.canvas.width, this.entry.canvas.height);
    this.rasterWarning('svg');
    const src = this.entry.canvas;
    const png = yield* raster(src, 'image/png');
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${src.width}" height="${src.height}" viewBox="0 0 ${src.width} ${src.height}">` +
      `<image width="${src.width}" height="${src.height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>\n`
    );
  }

  private *pdf(p: Provenance): Task<Buffer> {
    if (this.pdfCache) return this.pdfCache;
    const info = pdfInfo(p);
    let out: Buffer | undefined;
    const size = this.cssSize();
    const page = { width: size.width * PT_PER_PX, height: size.height * PT_PER_PX };
    if (this.entry.kind === 'canvas') {
      const v = replayToVector(this.entry, 'pdf', PT_PER_PX);
      if (v)
        out =
          v.type === 'pdf' && v.width === Math.ceil(page.width - 1e-9)
            ? pdfWithPageSize(v.toBuffer('application/pdf', info), page.width, page.height)
            : v.toBuffer('application/pdf', info);
    } else if (onPath('rsvg-convert')) {
      // node-canvas rasterises an SVG image drawn onto a PDF surface; librsvg keeps it vector.
      const pdf = yield* tool({
        cmd: 'rsvg-convert',
        args: ['-f', 'pdf'],
        input: Buffer.from(this.entry.svg),
      });
      out = pdfWithInfo(pdf, {
        Title: info.title,
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: info.creator,
      });
    } else {
      this.ctx.warn(
        'simorg: rsvg-convert (librsvg2-bin) is not on PATH; SVG figures are embedded in PDF as raster images',
      );
    }
    if (!out) {
      if (this.entry.kind === 'canvas') this.rasterWarning('pdf');
      const src = this.pixels();
      const c = this.createCanvas()(Math.ceil(page.width - 1e-9), Math.ceil(page.height - 1e-9), 'pdf');
      (c.getContext('2d') as Ctx2d).drawImage(src, 0, 0, page.width, page.height);
      out = pdfWithPageSize(c.toBuffer('application/pdf', info), page.width, page.height);
    }
    return (this.pdfCache = out);
  }

  private *eps(p: Provenance): Task<Buffer> {
    const pdf = yield* this.pdf(p);
    if (onPath('pdftops')) return yield* tool({ cmd: 'pdftops', args: ['-eps', '-', '-'], input: pdf });
    if (onPath('gs')) {
      return yield* tool({
        cmd: 'gs',
        args: [
          '-q',
          '-dSAFER',
          '-dBATCH',
          '-dNOPAUSE',
          '-sDEVICE=eps2write',
          '-sstdout=%stderr',
          '-sOutputFile=-',
          '-',
        ],
        input: pdf,
      });
    }
    throw new EpsUnavailable();
  }
}

/** A PDF's document information, as node-canvas' toBuffer('application/pdf', info) takes it. */
export function pdfInfo(p: Provenance): Record<string, string> {
  return {
    title: `${p.figure.name} (fig${String(p.figure.index).padStart(3, '0')})`,
    subject: `${PROVENANCE_KEY} ${JSON.stringify({ ...p, figure: { ...p.figure, format: 'pdf' } })}`,
    keywords: provenanceKeywords(p),
    creator: `simorg ${p.version}`,
  };
}

/** cairo's SVG surface declares its size in pt (1 px = 1 pt, 1.33x too large in a browser): say px. */
export function svgInPx(svg: string, width: number, height: number): string {
  return svg.replace(/<svg\b[^>]*>/, (tag) =>
    tag.replace(/(\swidth=)"[^"]*"/, `$1"${width}"`).replace(/(\sheight=)"[^"]*"/, `$1"${height}"`),
  );
}
