// The size an SVG declares, in CSS px (96 per inch: the web's rule, and simorg's for every figure):
// `width="6in"` is 576 px, `width="450pt"` is 600 px, a bare number is px. A size in % or em, or
// none, falls back to the viewBox, then to the browsers' default replaced-element size, 300 x 150.

const PX_PER: Record<string, number> = {
  '': 1,
  px: 1,
  pt: 96 / 72,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
};

export interface CssSize {
  width: number;
  height: number;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

function length(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*([+]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const per = m ? PX_PER[m[2]!.toLowerCase()] : undefined;
  if (!m || per === undefined) return undefined;
  const px = Number(m[1]) * per;
  return px > 0 && Number.isFinite(px) ? px : undefined;
}

/** The root `<svg>` element's declared size, in CSS px. */
export function svgCssSize(svg: string): CssSize {
  const tag = /<svg[\s>][^>]*>?/i.exec(svg)?.[0] ?? '';
  let width = length(attr(tag, 'width'));
  let height = length(attr(tag, 'height'));
  const box = attr(tag, 'viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const bw = box && box.length === 4 && box[2]! > 0 ? box[2]! : undefined;
  const bh = box && box.length === 4 && box[3]! > 0 ? box[3]! : undefined;
  if (width === undefined && height === undefined) {
    width = bw;
    height = bh;
  } else if (width === undefined) {
    width = bw && bh ? (height! * bw) / bh : undefined;
  } else if (height === undefined) {
    height = bw && bh ? (width * bh) / bw : undefined;
  }
  return { width: width ?? 300, height: height ?? 150 };
}
