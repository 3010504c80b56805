import type { Rgb } from './color';
import type { DocumentFonts, EmbeddedFont } from './embed';
import { CLUSTER_CONTINUATION, type ShapedLine } from './text';

/** A number as PDF content syntax: fixed-point, no exponent, trailing zeros dropped. */
export function pdfNumber(value: number, digits = 3): string {
  const fixed = value.toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** Operators and font resources to add to one page. */
export class PageContent {
  readonly operators: string[] = [];
  readonly fonts = new Set<EmbeddedFont>();

  get isEmpty(): boolean {
    return this.operators.length === 0;
  }
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/**
 * Draws a shaped line with its left end at (x, y) on the baseline. Each glyph's /W width
 * is its shaped advance (embed.ts), so a run is one TJ. A mark that continues a cluster
 * and that HarfBuzz moved off the pen position (a vowel sign under its consonant) is drawn
 * after the line at its own position: text extraction (which drops such glyphs) then sees
 * the line's glyphs follow one another with no stray moves and keeps them in one piece.
 * Other offsets are TJ adjustments and text rise.
 */
export function drawShapedLine(
  page: PageContent,
  fonts: DocumentFonts,
  line: ShapedLine,
  x: number,
  y: number,
  size: number,
  color: Rgb,
): void {
  const n = pdfNumber;
  const out = page.operators;
  out.push('BT', `${n(color.r)} ${n(color.g)} ${n(color.b)} rg`);
  const detached: { font: EmbeddedFont; code: number; x: number; y: number }[] = [];
  let penX = x;
  for (const run of line.runs) {
    const font = fonts.for(run.face);
    page.fonts.add(font);
    out.push(`${font.resourceName.toString()} ${n(size)} Tf`, `1 0 0 1 ${n(penX)} ${n(y)} Tm`);
    const toThousandths = 1000 / run.face.unitsPerEm;
    const toPoints = size / run.face.unitsPerEm;
    let items: string[] = [];
    let rise = 0;
    const flush = (): void => {
      if (items.length > 0) out.push(`[${items.join('')}] TJ`);
      items = [];
    };
    for (const glyph of run.glyphs) {
      const code = font.include(glyph);
      const xOffset = glyph.xOffset * toThousandths;
      if (glyph.text === CLUSTER_CONTINUATION && (glyph.xOffset !== 0 || glyph.yOffset !== 0)) {
        detached.push({
          font,
          code,
          x: penX + glyph.xOffset * toPoints,
          y: y + glyph.yOffset * toPoints,
        });
        if (glyph.xAdvance !== 0) items.push(` ${n(-glyph.xAdvance * toThousandths)} `);
      } else {
        const glyphRise = glyph.yOffset * toPoints;
        if (Math.abs(glyphRise - rise) > 0.0005) {
          flush();
          out.push(`${n(glyphRise)} Ts`);
          rise = glyphRise;
        }
        if (Math.abs(xOffset) > 0.0005) items.push(` ${n(-xOffset)} `);
        items.push(`<${hex4(code)}>`);
        // A CFF face's default width can differ from the shaped advance.
        const after = xOffset + font.width(code) - glyph.xAdvance * toThousandths;
        if (Math.abs(after) > 0.0005) items.push(` ${n(after)} `);
        if (glyph.carrier !== undefined) {
          const carrier = font.include({ ...glyph, text: glyph.carrier, xAdvance: 0 });
          flush();
          out.push('3 Tr', `<${hex4(carrier)}> Tj`, '0 Tr');
        }
      }
      penX += glyph.xAdvance * toPoints;
    }
    flush();
    if (rise !== 0) out.push('0 Ts');
  }
  let current: EmbeddedFont | null = null;
  for (const mark of detached) {
    if (mark.font !== current) out.push(`${mark.font.resourceName.toString()} ${n(size)} Tf`);
    current = mark.font;
    out.push(`1 0 0 1 ${n(mark.x)} ${n(mark.y)} Tm`, `<${hex4(mark.code)}> Tj`);
  }
  out.push('ET');
}
