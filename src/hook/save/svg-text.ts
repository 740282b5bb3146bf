// Canvas text as SVG <text> elements (as matplotlib's svg.fonttype 'none'), so that a figure's
// words can be found, edited and restyled. cairo's SVG surface can only draw text as glyph
// outlines; so during an SVG replay each fillText/strokeText is drawn as a marker instead (a
// rectangle over the text's box, in a colour that numbers it, at an opacity nothing else uses)
// and described as a <text> element. cairo writes the markers in paint order, inside their clip
// groups; the replayed canvas' toBuffer then puts each element where its marker is.
import { OP, OP_SIZE, type Recording } from '../record/record.js';
import { parseFont } from './svg-font.js';
import { solidPaint, textElement, type Matrix } from './svg-text-element.js';

const MARK_ALPHA = 0.0137;
// How cairo writes the markers: `fill:rgb(r%,g%,b%);fill-opacity:0.0137` (cairo 1.16, in a style
// attribute) or `fill="rgb(r%, g%, b%)" fill-opacity="0.0137"` (cairo 1.18, as attributes).
const MARK_OPACITY = /fill-opacity(?::|=")\s*0\.01370*(?![\d])/;
const MARK_COLOUR = /fill(?::|=")\s*rgb\(\s*([\d.]+)%\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*\)/;
const MAX_ID = 0xffffff;

/** The target context, as far as the text writer uses it. */
export interface TextContext {
  font: string;
  textAlign: string;
  textBaseline: string;
  direction: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  globalAlpha: number;
  globalCompositeOperation: string;
  lineWidth: number;
  lineJoin: string;
  lineCap: string;
  miterLimit: number;
  lineDashOffset: number;
  shadowColor: string;
  shadowBlur: number;
  shadowOffsetX: number;
  shadowOffsetY: number;
  getLineDash(): number[];
  getTransform(): { a: number; b: number; c: number; d: number; e: number; f: number };
  measureText(text: string): { width: number; emHeightAscent: number; emHeightDescent: number };
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
}

/** A text shadow is drawn by node-canvas from the glyphs' outlines: such text stays outlines. */
export function hasShadow(
  ctx: Pick<TextContext, 'shadowColor' | 'shadowBlur' | 'shadowOffsetX' | 'shadowOffsetY'>,
): boolean {
  return (
    !/^rgba\(.*,\s*0(\.0*)?\)$|^transparent$/.test(ctx.shadowColor) &&
    (ctx.shadowBlur > 0 || ctx.shadowOffsetX !== 0 || ctx.shadowOffsetY !== 0)
  );
}

export class SvgTextWriter {
  // Indexed by marker number; 0 is never a marker (black is too common a colour).
  private readonly elements: string[] = [''];

  constructor(private readonly ctx: TextContext) {}

  /**
   * Draws one fillText/strokeText as its marker and keeps its element; true when done (or when
   * the canvas would draw nothing), false when it must be drawn as outlines after all: a
   * gradient or pattern paint, a shadow, a line break (pango lays out several lines).
   */
  draw(name: 'fillText' | 'strokeText', args: unknown[]): boolean {
    const ctx = this.ctx;
    const stroke = name === 'strokeText';
    if (args.length < 3 || this.elements.length > MAX_ID) return false;
    const text = String(args[0]);
    const solid = solidPaint(stroke ? ctx.strokeStyle : ctx.fillStyle);
    const font = parseFont(ctx.font);
    if (!solid || !font || hasShadow(ctx) || /[\n\r\t\f\v\u0085\u2028\u2029]/.test(text)) return false;
    const x = Number(args[1]);
    const y = Number(args[2]);
    const squeeze = args.length > 3 && args[3] !== undefined;
    const maxWidth = Number(args[3]);
    // What node-canvas itself draws nothing for.
    if (
      !Number.isFinite(x) ||
      !Number.isFinite(y) ||
      (squeeze && !(Number.isFinite(maxWidth) && maxWidth > 0)) ||
      text === ''
    )
      return true;
    const m = ctx.measureText(text);
    // node-canvas aligns and squeezes by the text's width in whole pixels (rounded up; halved in
    // integers for 'center'): the same numbers make the SVG lie exactly over the PNG.
    const w = Math.ceil(m.width);
    const s = squeeze && w > maxWidth ? maxWidth / w : 1;
    const align = resolvedAlign(ctx.textAlign, ctx.direction);
    let baseline = 0;
    if (ctx.textBaseline !== 'alphabetic') {
      const was = ctx.textBaseline;
      ctx.textBaseline = 'alphabetic';
      baseline = ctx.measureText(text).emHeightAscent - m.emHeightAscent;
      ctx.textBaseline = was;
    }
    const nudge = align === 'center' ? m.width / 2 - Math.floor(w / 2) : align === 'right' ? m.width - w : 0;
    const t = ctx.getTransform();
    // The canvas' transform, then translate(x, y), then node-canvas' horizontal squeeze.
    const matrix: Matrix = [t.a * s, t.b * s, t.c, t.d, t.a * x + t.c * y + t.e, t.b * x + t.d * y + t.f];
    const id = this.elements.length;
    this.elements.push(
      textElement({
        text,
        font,
        matrix,
        dx: nudge,
        baseline,
        anchor: align === 'center' ? 'middle' : align === 'right' ? 'end' : 'start',
        paint: solid.paint,
        opacity: solid.alpha * ctx.globalAlpha,
        line: stroke
          ? {
              width: ctx.lineWidth,
              join: ctx.lineJoin,
              cap: ctx.lineCap,
              miterLimit: ctx.miterLimit,
              dash: ctx.getLineDash(),
              dashOffset: ctx.lineDashOffset,
            }
          : undefined,
      }),
    );
    // The marker covers the text's em box with room to spare: cairo clips an element to its
    // marker's extents, and other renderers' glyphs (or a wide stroke) may reach a little further.
    const pad = font.size / 2 + (stroke ? ctx.lineWidth : 0);
    const left = align === 'center' ? -m.width / 2 : align === 'right' ? -m.width : 0;
    ctx.save();
    ctx.translate(x, y);
    ctx.scale(s, 1);
    // The opacity as globalAlpha: cairo writes it exactly (a colour's alpha is cut to 1/255 steps).
    ctx.globalAlpha = MARK_ALPHA;
    ctx.globalCompositeOperation = 'source-over';
    ctx.shadowColor = 'rgba(0,0,0,0)';
    ctx.fillStyle = `rgb(${(id >> 16) & 255},${(id >> 8) & 255},${id & 255})`;
    ctx.fillRect(
      left - pad,
      -m.emHeightAscent - pad,
      m.width + 2 * pad,
      m.emHeightAscent + m.emHeightDescent + 2 * pad,
    );
    ctx.restore();
    return true;
  }

  /** From now on the canvas' toBuffer gives its SVG with the <text> elements in place. */
  finish(canvas: { toBuffer(...args: unknown[]): Buffer }): void {
    if (this.elements.length === 1) return;
    const own = canvas.toBuffer;
    const elements = this.elements;
    const put = (b: Buffer): Buffer => Buffer.from(withTextElements(b.toString('utf8'), elements), 'utf8');
    Object.defineProperty(canvas, 'toBuffer', {
      configurable: true,
      writable: true,
      value(this: unknown, ...args: unknown[]): Buffer | void {
        const cb = args[args.length - 1];
        if (typeof cb !== 'function') return put(own.apply(this, args));
        return own.call(this, ...args.slice(0, -1), (err: unknown, b?: Buffer) =>
          (cb as (e: unknown, b?: Buffer) => void)(err, b && put(b)),
        );
      },
    });
  }
}

/** Each marker element of cairo's SVG replaced by its <text> element. */
export function withTextElements(svg: string, elements: readonly string[]): string {
  let next = 1;
  return svg.replace(/<path\b[^>]*\/>/g, (tag) => {
    if (!MARK_OPACITY.test(tag)) return tag;
    const c = MARK_COLOUR.exec(tag);
    if (!c) return tag;
    const byte = (p: string): number => Math.round(Number(p) * 2.55);
    const id = (byte(c[1]!) << 16) | (byte(c[2]!) << 8) | byte(c[3]!);
    // Markers come out in the order drawn (a marker cairo dropped was outside the page or clip).
    if (id < next || id >= elements.length) return tag;
    next = id + 1;
    return elements[id]!;
  });
}

function resolvedAlign(align: string, direction: string): 'left' | 'center' | 'right' {
  if (align === 'center' || align === 'left' || align === 'right') return align;
  return (align === 'end') === (direction === 'rtl') ? 'left' : 'right';
}

/**
 * Whether markers can stand for text: cairo's SVG surface draws any compositing other than
 * source-over as an image of the region it touches, and a marker in it would leave a hole where
 * the text was. The replay's own exception, a first drawing in 'destination-over', is plain painting.
 */
export function onlySourceOver(rec: Recording, start: number, end: number): boolean {
  const f = rec.ops;
  const refs = rec.refs;
  let op = 'source-over';
  const saved: string[] = [];
  let drawn = false;
  for (let i = 0; i < end; i += OP_SIZE[f[i]!] ?? 1) {
    const code = f[i]!;
    if (code === OP.SAVE) saved.push(op);
    else if (code === OP.RESTORE) op = saved.pop() ?? op;
    else if (code === OP.SET && refs[f[i + 1]!] === 'globalCompositeOperation') {
      const v = refs[f[i + 1]! + 1];
      if (typeof v === 'string' && v) op = v;
    } else if (i >= start && drawing(code, code === OP.CALL ? refs[f[i + 1]!] : undefined)) {
      if (op !== 'source-over' && !(op === 'destination-over' && !drawn)) return false;
      drawn = true;
    }
  }
  return true;
}

function drawing(code: number, call: unknown): boolean {
  if (code === OP.FILL_RECT || code === OP.STROKE_RECT || code === OP.DRAW_IMAGE) return true;
  return (
    code === OP.CALL && (call === 'fill' || call === 'stroke' || call === 'fillText' || call === 'strokeText')
  );
}
