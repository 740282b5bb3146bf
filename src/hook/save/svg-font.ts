// A canvas font shorthand (what ctx.font holds: node-canvas accepted it, so it parses) as SVG's
// font attributes. The family list is kept as the script wrote it, quotes and fallbacks included,
// so an editor shows the font the author asked for and a viewer falls back as the canvas did.

export interface SvgFont {
  family: string;
  /** In CSS px (the SVG's user unit). */
  size: number;
  style?: string;
  variant?: string;
  weight?: string;
}

// node-canvas' own table (FontParser.cc), so sizes come out as the canvas drew them.
const UNIT_PX: Record<string, number> = {
  cm: 37.8,
  mm: 3.78,
  in: 96,
  pt: 96 / 72,
  pc: 16,
  em: 16,
  px: 1,
  '%': 0.16,
};
const STYLES = new Set(['italic', 'oblique', 'normal']);
const VARIANTS = new Set(['small-caps', 'normal']);
const WEIGHTS = new Set(['bold', 'bolder', 'lighter', 'normal']);
const SIZE = /^(\d*\.?\d+(?:e[+-]?\d+)?)(cm|mm|in|pt|pc|em|px|%)(?:\s*\/\s*\S+)?$/i;

/** The font's parts, or undefined for a string that is not a font shorthand. */
export function parseFont(font: string): SvgFont | undefined {
  const out: Partial<SvgFont> = {};
  let rest = font.trim();
  // Up to three of style, variant, weight, in any order, before the size.
  for (let i = 0; i < 3; i++) {
    const m = /^(\S+)\s+/.exec(rest);
    if (!m) break;
    const word = m[1]!.toLowerCase();
    if (STYLES.has(word) && out.style === undefined) out.style = word;
    else if (VARIANTS.has(word) && out.variant === undefined) out.variant = word;
    else if (
      (WEIGHTS.has(word) || /^\d+(\.\d+)?$/.test(word)) &&
      out.weight === undefined &&
      !SIZE.test(word)
    )
      out.weight = word;
    else break;
    rest = rest.slice(m[0].length);
  }
  const m = /^(\S+?)(\s*\/\s*\S+)?\s+(.+)$/s.exec(rest);
  if (!m) return undefined;
  const size = SIZE.exec(m[1]! + (m[2] ?? '').replace(/\s+/g, ''));
  if (!size) return undefined;
  const family = m[3]!.trim();
  if (!family) return undefined;
  const px = Number(size[1]) * UNIT_PX[size[2]!.toLowerCase()]!;
  return {
    family,
    size: px,
    ...(out.style && out.style !== 'normal' ? { style: out.style } : {}),
    ...(out.variant && out.variant !== 'normal' ? { variant: out.variant } : {}),
    ...(out.weight && out.weight !== 'normal' && out.weight !== '400' ? { weight: out.weight } : {}),
  };
}
