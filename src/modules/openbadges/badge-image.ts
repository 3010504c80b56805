/**
 * A badge's picture as SVG: an uploaded template with its placeholders filled in, or a
 * generated default (the achievement's name, the organization, a neutral emblem). Pure and
 * deterministic: the same fields give the same bytes.
 */
import { DEFAULT_FONT_FAMILY, fontFamilyFor } from '../../shared/raster';

export interface BadgeFields {
  achievementName: string;
  organizationName: string;
  contextTitle: string;
  /** Empty on an achievement's own image (no learner). */
  learnerName: string;
  /** YYYY-MM-DD; empty on an achievement's own image. */
  issuedOn: string;
}

export const PLACEHOLDERS: readonly (keyof BadgeFields)[] = [
  'achievementName',
  'organizationName',
  'contextTitle',
  'learnerName',
  'issuedOn',
];

/** Width and height of the default badge, in SVG user units and in PNG pixels. */
export const BADGE_SIZE = 512;

export function xmlEscape(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The template with each `{{name}}` replaced by its field, XML-escaped; unknown ones stay. */
export function fillPlaceholders(template: string, fields: BadgeFields): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name)
      ? xmlEscape(fields[name as keyof BadgeFields])
      : whole,
  );
}

/** Gives the root a font family when it has none, so text falls back to the bundled fonts. */
export function withDefaultFont(svg: string): string {
  return svg.replace(/<svg\b[^>]*>/, (root) =>
    /\sfont-family\s*=/.test(root)
      ? root
      : root.replace(/^<svg\b/, `<svg font-family="${xmlEscape(DEFAULT_FONT_FAMILY)}"`),
  );
}

/** Splits `text` into at most `maxLines` lines of about `width` characters, on spaces. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  const kept = lines
    .slice(0, maxLines)
    .map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > maxLines)
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/…$/, '').slice(0, width - 1)}…`;
  return kept;
}

function textLines(lines: string[], centerY: number, size: number, attributes: string): string {
  const lineHeight = Math.round(size * 1.2);
  const top = centerY - ((lines.length - 1) * lineHeight) / 2;
  return lines
    .map(
      (line, i) =>
        `<text x="256" y="${Math.round(top + i * lineHeight)}" font-family="${fontFamilyFor(line)}" font-size="${size}" text-anchor="middle" dominant-baseline="middle" ${attributes}>${xmlEscape(line)}</text>`,
    )
    .join('');
}

/** The generated default: a ribbon-less seal in ink-blue, the name wrapped to fit. */
export function defaultBadgeSvg(fields: BadgeFields): string {
  const name = fields.achievementName || 'Badge';
  const long = name.length > 40;
  const nameLines = wrapText(name, long ? 18 : 14, long ? 4 : 3);
  const nameSize = long ? 30 : nameLines.length > 2 ? 36 : 42;
  const organization = wrapText(fields.organizationName, 28, 1);
  const learner = fields.learnerName ? wrapText(fields.learnerName, 30, 1) : [];
  const rays = Array.from({ length: 24 }, (_, i) => {
    const angle = (i * 15 * Math.PI) / 180;
    const [x1, y1] = [256 + 222 * Math.cos(angle), 256 + 222 * Math.sin(angle)];
    const [x2, y2] = [256 + 244 * Math.cos(angle), 256 + 244 * Math.sin(angle)];
    return `M${x1.toFixed(1)} ${y1.toFixed(1)}L${x2.toFixed(1)} ${y2.toFixed(1)}`;
  }).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 512 512" font-family="${xmlEscape(DEFAULT_FONT_FAMILY)}">`,
    `<title>${xmlEscape(name)}</title>`,
    '<circle cx="256" cy="256" r="250" fill="#1d3557"/>',
    `<path d="${rays}" stroke="#f1c453" stroke-width="6" stroke-linecap="round"/>`,
    '<circle cx="256" cy="256" r="208" fill="#f8f9fa"/>',
    '<circle cx="256" cy="256" r="196" fill="none" stroke="#1d3557" stroke-width="4"/>',
    '<path d="M256 92l14 28 31 5-22 22 5 31-28-15-28 15 5-31-22-22 31-5z" fill="#f1c453" stroke="#1d3557" stroke-width="3" stroke-linejoin="round"/>',
    textLines(nameLines, 262, nameSize, 'font-weight="700" fill="#1d3557"'),
    learner.length ? textLines(learner, 372, 22, 'fill="#333333"') : '',
    textLines(organization, learner.length ? 408 : 390, 20, 'fill="#555555"'),
    '</svg>',
  ].join('');
}

/** An SVG showing a PNG (a PNG template, a certificate's first page) as a data-URI image. */
export function svgWrappingPng(
  png: Uint8Array,
  width: number,
  height: number,
  title: string,
): string {
  const data = Buffer.from(png).toString('base64');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${xmlEscape(title)}</title>`,
    `<image width="${width}" height="${height}" href="data:image/png;base64,${data}"/>`,
    '</svg>',
  ].join('');
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
