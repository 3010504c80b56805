/** A template element where the renderer drew it, in PDF points from the page's bottom-left. */
export interface PlacedElement {
  name: string;
  page: number;
  /** Left edge. */
  x: number;
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
 * The template with only the x and y of element `name` (`name`, `qr`, `custom.2`, …) set to
 * `to`; everything else as it was. An element the template did not list yet (one of the
 * built-in layout's) is added with just its position.
 */
export function withElementAt(template: unknown, name: string, to: Point): Json {
  const root: Json = isObject(template) ? { ...template } : {};
  const elements: Json = isObject(root.elements) ? { ...root.elements } : {};
  const custom = /^custom\.(\d+)$/.exec(name);
  if (custom) {
    const list = Array.isArray(elements.custom) ? [...(elements.custom as unknown[])] : [];
    const index = Number(custom[1]);
    const own = list[index];
    list[index] = { ...(isObject(own) ? own : {}), x: to.x, y: to.y };
    elements.custom = list;
  } else {
    const own = elements[name];
    elements[name] = { ...(isObject(own) ? own : {}), x: to.x, y: to.y };
  }
  root.elements = elements;
  return root;
}
