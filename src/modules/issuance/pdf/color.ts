import { TemplateError } from './errors';

/** An sRGB colour with components in 0..1, as PDF operators take it. */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Parses `#rgb`, `#rrggbb`, `rgb` or `rrggbb` (case-insensitive).
 * Throws a TemplateError naming `field` for anything else.
 */
export function parseColor(value: string, field = 'color'): Rgb {
  const match = typeof value === 'string' ? HEX.exec(value.trim()) : null;
  if (!match) {
    throw new TemplateError(field, `invalid colour ${JSON.stringify(value)}: use #rgb or #rrggbb`);
  }
  let hex = match[1];
  if (hex.length === 3) hex = hex.replace(/./g, (digit) => digit + digit);
  const channel = (offset: number): number => parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return { r: channel(0), g: channel(2), b: channel(4) };
}
