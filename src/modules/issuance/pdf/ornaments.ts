import type { Rgb } from './color';
import { pdfNumber as n } from './content';

/**
 * Vector ornaments of the built-in certificate as content-stream operators: frames, rules,
 * the seal, the badge medallion and the learning-path band. Pure functions of positions and
 * colours, so the same certificate gives the same bytes.
 */

const fill = (c: Rgb): string => `${n(c.r)} ${n(c.g)} ${n(c.b)} rg`;
const stroke = (c: Rgb): string => `${n(c.r)} ${n(c.g)} ${n(c.b)} RG`;

/** Bézier factor for a quarter circle. */
const KAPPA = 0.5523;

/** A closed circle path (no painting operator). */
function circlePath(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c h`,
  ].join('\n');
}

/** A closed star polygon of `points` tips between radii `outer` and `inner`. */
function starPath(cx: number, cy: number, points: number, outer: number, inner: number): string {
  const parts: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const angle = Math.PI / 2 + (i * Math.PI) / points;
    const r = i % 2 === 0 ? outer : inner;
    parts.push(
      `${n(cx + r * Math.cos(angle))} ${n(cy + r * Math.sin(angle))} ${i === 0 ? 'm' : 'l'}`,
    );
  }
  return `${parts.join('\n')}\nh`;
}

function diamondPath(cx: number, cy: number, r: number): string {
  return `${n(cx)} ${n(cy + r)} m ${n(cx + r)} ${n(cy)} l ${n(cx)} ${n(cy - r)} l ${n(cx - r)} ${n(cy)} l h`;
}

/** The paper: a warm white page. */
export function paper(width: number, height: number, color: Rgb): string {
  return `q ${fill(color)} 0 0 ${n(width)} ${n(height)} re f Q`;
}

/** A double frame (heavy outer, hairline inner) with diamonds at the corners. */
export function diplomaFrame(width: number, height: number, accent: Rgb, corners: boolean): string {
  const out = [
    'q',
    stroke(accent),
    '2.4 w',
    `20 20 ${n(width - 40)} ${n(height - 40)} re S`,
    '0.6 w',
    `28 28 ${n(width - 56)} ${n(height - 56)} re S`,
  ];
  if (corners) {
    out.push(fill(accent));
    for (const [x, y] of [
      [24, 24],
      [width - 24, 24],
      [24, height - 24],
      [width - 24, height - 24],
    ] as const) {
      out.push(`${diamondPath(x, y, 7)} f`);
    }
  }
  out.push('Q');
  return out.join('\n');
}

/** A badge's frame: one rounded rule. */
export function badgeFrame(width: number, height: number, accent: Rgb): string {
  const r = 18;
  const [x0, y0, x1, y1] = [24, 24, width - 24, height - 24];
  const k = r * KAPPA;
  return [
    'q',
    stroke(accent),
    '2 w',
    `${n(x0 + r)} ${n(y0)} m`,
    `${n(x1 - r)} ${n(y0)} l ${n(x1 - r + k)} ${n(y0)} ${n(x1)} ${n(y0 + r - k)} ${n(x1)} ${n(y0 + r)} c`,
    `${n(x1)} ${n(y1 - r)} l ${n(x1)} ${n(y1 - r + k)} ${n(x1 - r + k)} ${n(y1)} ${n(x1 - r)} ${n(y1)} c`,
    `${n(x0 + r)} ${n(y1)} l ${n(x0 + r - k)} ${n(y1)} ${n(x0)} ${n(y1 - r + k)} ${n(x0)} ${n(y1 - r)} c`,
    `${n(x0)} ${n(y0 + r)} l ${n(x0)} ${n(y0 + r - k)} ${n(x0 + r - k)} ${n(y0)} ${n(x0 + r)} ${n(y0)} c h S`,
    'Q',
  ].join('\n');
}

/**
 * The learning-path band along one side: a vertical line through one node per course of
 * the path (2 to 8 drawn), the last one filled.
 */
export function pathBand(
  x: number,
  bottom: number,
  top: number,
  nodes: number,
  accent: Rgb,
): string {
  const count = Math.min(8, Math.max(2, nodes));
  const step = (top - bottom) / (count - 1);
  const out = [
    'q',
    stroke(accent),
    fill(accent),
    '1.2 w',
    `${n(x)} ${n(bottom)} m ${n(x)} ${n(top)} l S`,
  ];
  for (let i = 0; i < count; i++) {
    const y = top - i * step;
    out.push('1 1 1 rg', `${circlePath(x, y, 5)} f`, fill(accent), `${circlePath(x, y, 5)} S`);
    if (i === count - 1) out.push(`${circlePath(x, y, 3)} f`);
  }
  out.push('Q');
  return out.join('\n');
}

/** A centred rule with a diamond in its middle. */
export function ornamentRule(cx: number, y: number, halfWidth: number, accent: Rgb): string {
  return [
    'q',
    stroke(accent),
    fill(accent),
    '0.8 w',
    `${n(cx - halfWidth)} ${n(y)} m ${n(cx - 7)} ${n(y)} l S`,
    `${n(cx + 7)} ${n(y)} m ${n(cx + halfWidth)} ${n(y)} l S`,
    `${diamondPath(cx, y, 3.5)} f`,
    'Q',
  ].join('\n');
}

/** A plain horizontal hairline (signature lines, the line under the name). */
export function hairline(x0: number, x1: number, y: number, color: Rgb, width = 0.6): string {
  return `q ${stroke(color)} ${n(width)} w ${n(x0)} ${n(y)} m ${n(x1)} ${n(y)} l S Q`;
}

/** The seal: a starburst in the accent colour with a white ring inside. */
export function seal(cx: number, cy: number, r: number, accent: Rgb): string {
  return [
    'q',
    fill(accent),
    `${starPath(cx, cy, 30, r, r * 0.9)} f`,
    '1 1 1 RG',
    '1.2 w',
    `${circlePath(cx, cy, r * 0.78)} S`,
    '0.5 w',
    `${circlePath(cx, cy, r * 0.7)} S`,
    'Q',
  ].join('\n');
}

/** A badge's medallion: a ring in the accent colour around a white disc with a star. */
export function medallion(cx: number, cy: number, r: number, accent: Rgb): string {
  return [
    'q',
    fill(accent),
    `${circlePath(cx, cy, r)} f`,
    '1 1 1 rg',
    `${circlePath(cx, cy, r * 0.8)} f`,
    stroke(accent),
    '0.8 w',
    `${circlePath(cx, cy, r * 0.72)} S`,
    fill(accent),
    `${starPath(cx, cy + r * 0.12, 5, r * 0.4, r * 0.16)} f`,
    'Q',
  ].join('\n');
}
