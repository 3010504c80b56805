import type { ShapedLine } from './text';

/**
 * Where the renderer drew a template element, in PDF points relative to its page's visible
 * area (the crop box), as the template names positions: `x` the left edge, `y` the baseline
 * (a QR code's bottom edge). The box spans from `descent` below the baseline up to
 * `height - descent` above it.
 */
export interface PlacedElement {
  /** The element's key under `template.elements`: `name`, `qr`, `custom.0`, … */
  readonly name: string;
  /** 1-based. */
  readonly page: number;
  readonly x: number;
  /**
   * How the element is anchored: `center` when centred on the page or on its template x,
   * `right` on its right edge; a move keeps it so (a longer name stays centred).
   */
  readonly align: 'left' | 'center' | 'right';
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly descent: number;
  /** The font size drawn (after any `maxWidth` shrink); a QR code's side. */
  readonly size: number;
}

export interface PageSize {
  readonly width: number;
  readonly height: number;
}

/** The pages of a rendered credential and every template element drawn on them. */
export interface CredentialLayout {
  readonly pages: readonly PageSize[];
  readonly elements: readonly PlacedElement[];
}

export interface RenderedCredential {
  readonly pdf: Uint8Array;
  readonly layout: CredentialLayout;
}

/** Ascent and descent (both positive, in em) of the tallest faces a shaped line uses. */
export function lineExtent(line: ShapedLine): { ascent: number; descent: number } {
  let ascent = 0;
  let descent = 0;
  for (const run of line.runs) {
    const { font, unitsPerEm } = run.face;
    ascent = Math.max(ascent, font.ascent / unitsPerEm);
    descent = Math.max(descent, Math.abs(font.descent) / unitsPerEm);
  }
  return { ascent, descent };
}
