import type { Rgb } from './color';
import type { DocumentFonts, EmbeddedFont } from './embed';
import type { ShapedLine } from './text';

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
 * Draws a shaped line with its left end at (x, y) on the baseline. Glyph
 * advances and offsets come from the shaping (kerning, mark positioning), so
 * each glyph's difference from its /W width is written as a TJ adjustment and
 * vertical offsets as text rise.
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
  let penX = x;
  for (const run of line.runs) {
    const font = fonts.for(run.face);
    page.fonts.add(font);
    out.push(`${font.resourceName.toString()} ${n(size)} Tf`, `1 0 0 1 ${n(penX)} ${n(y)} Tm`);
    const toThousandths = 1000 / run.face.unitsPerEm;
    let items: string[] = [];
    let rise = 0;
    const flush = (): void => {
      if (items.length > 0) out.push(`[${items.join('')}] TJ`);
      items = [];
    };
    run.glyphs.forEach((glyph) => {
      const code = font.include(glyph);
      const glyphRise = (glyph.yOffset / run.face.unitsPerEm) * size;
      if (Math.abs(glyphRise - rise) > 0.0005) {
        flush();
        out.push(`${n(glyphRise)} Ts`);
        rise = glyphRise;
      }
      const xOffset = glyph.xOffset * toThousandths;
      if (Math.abs(xOffset) > 0.0005) items.push(` ${n(-xOffset)} `);
      items.push(`<${hex4(code)}>`);
      const after = xOffset + font.width(code) - glyph.xAdvance * toThousandths;
      if (Math.abs(after) > 0.0005) items.push(` ${n(after)} `);
    });
    flush();
    if (rise !== 0) out.push('0 Ts');
    penX += (run.advance / run.face.unitsPerEm) * size;
  }
  out.push('ET');
}
