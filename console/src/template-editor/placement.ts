/** A template element where the renderer drew it, in PDF points from the page's bottom-left. */
export interface PlacedElement {
  name: string;
  page: number;
  /** Left edge. */
  x: number;
  /** Which point of the line a template x names (`left`, `center`, `right`). */
  align: string;
  /** Baseline (a QR code's bottom edge). */
  y: number;
  width: number;
  height: number;
  /** How far the box reaches below the baseline. */
  descent: number;
}

export interface PageSize {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Points are kept to two decimals: finer than any printer, short in the JSON. */
const round = (value: number) => Math.round(value * 100) / 100;

export type Align = 'left' | 'center' | 'right';

export const asAlign = (value: unknown): Align =>
  value === 'center' || value === 'right' ? value : 'left';

/** How far right of a line's left edge the point its template x names is. */
const anchorOffset = (align: Align, width: number) =>
  align === 'center' ? width / 2 : align === 'right' ? width : 0;

/** The left edge of a line `width` wide whose template x is `x`. */
export const leftEdgeOf = (x: number, align: Align, width: number) =>
  x - anchorOffset(align, width);

/** The template x of a line `width` wide whose left edge is `left` (two decimals). */
export const anchorOf = (left: number, align: Align, width: number) =>
  round(left + anchorOffset(align, width));

/** A position moved by `delta` points, kept on the page (templates refuse negative positions). */
export function movedBy(from: Point, delta: Point, page: PageSize): Point {
  const clamp = (value: number, max: number) => round(Math.min(Math.max(value, 0), max));
  return { x: clamp(from.x + delta.x, page.width), y: clamp(from.y + delta.y, page.height) };
}

/**
 * A drag on screen as a move in points: the image is `shownWidth` pixels wide for the page's
 * width in points, and the screen's y runs down where the page's runs up.
 */
export function pixelsToPoints(dxPixels: number, dyPixels: number, pointsPerPixel: number): Point {
  return { x: dxPixels * pointsPerPixel, y: -dyPixels * pointsPerPixel };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The template with only the position of element `name` (`name`, `qr`, `custom.2`, …) set:
 * its x and y, and its alignment when not `left`; everything else as it was. An element the
 * template did not list yet (one of the built-in layout's) is added with just its position.
 */
export function withElementAt(template: unknown, name: string, to: Point, align: Align): Json {
  const root: Json = isObject(template) ? { ...template } : {};
  const elements: Json = isObject(root.elements) ? { ...root.elements } : {};
  const placed = (own: unknown): Json => {
    const { align: _previous, ...rest } = isObject(own) ? own : {};
    return { ...rest, x: to.x, y: to.y, ...(align === 'left' ? {} : { align }) };
  };
  const custom = /^custom\.(\d+)$/.exec(name);
  if (custom) {
    const list = Array.isArray(elements.custom) ? [...(elements.custom as unknown[])] : [];
    const index = Number(custom[1]);
    list[index] = placed(list[index]);
    elements.custom = list;
  } else {
    elements[name] = placed(elements[name]);
  }
  root.elements = elements;
  return root;
}
