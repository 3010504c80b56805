import jsQR from 'jsqr';

import type { Raster } from '../../support/pdf-raster';
import { openPdf, pdfjs } from '../../support/pdfjs';

export interface ExtractedText {
  readonly str: string;
  /** Font size as drawn (the text matrix's vertical scale). */
  readonly size: number;
  readonly width: number;
  readonly x: number;
  readonly y: number;
}

export interface ExtractedGlyph {
  readonly unicode: string;
  /** The character code in the content stream: the glyph id in our Identity-H fonts. */
  readonly code: number;
}

export interface ReadPdf {
  readonly pageCount: number;
  readonly info: Record<string, unknown>;
  /** Text items per page (index 0 = page 1). */
  readonly items: readonly (readonly ExtractedText[])[];
  /** All text of a page, items joined with spaces. */
  pageText(page: number): string;
  /** The glyphs of every text-showing operator of a page, in drawing order. */
  glyphs(page: number): Promise<ExtractedGlyph[][]>;
  destroy(): Promise<void>;
}

/** Parses a PDF with pdfjs-dist (an independent reader, not our own writer). */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const lib = await pdfjs();
  const document = await openPdf(bytes);
  const items: ExtractedText[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const pageItems: ExtractedText[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , c, d, e, f] = item.transform as number[];
      pageItems.push({ str: item.str, size: Math.hypot(c, d), width: item.width, x: e, y: f });
    }
    items.push(pageItems);
  }
  const { info } = await document.getMetadata();
  return {
    pageCount: document.numPages,
    info: info as Record<string, unknown>,
    items,
    pageText: (page) =>
      items[page - 1]
        .map((item) => item.str)
        .join(' ')
        .replace(/\s+/g, ' '),
    async glyphs(number) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList();
      const runs: ExtractedGlyph[][] = [];
      operators.fnArray.forEach((fn, index) => {
        if (fn !== lib.OPS.showText) return;
        // pdfjs hands glyphs over as plain objects (or numbers for TJ spacing).
        const [glyphs] = operators.argsArray[index] as [unknown[]];
        runs.push(
          glyphs
            .filter((glyph): glyph is { unicode: string; originalCharCode: number } =>
              Boolean(glyph && typeof glyph === 'object' && 'originalCharCode' in glyph),
            )
            .map((glyph) => ({ unicode: glyph.unicode, code: glyph.originalCharCode })),
        );
      });
      return runs;
    },
    destroy: () => document.destroy(),
  };
}

/** Decodes the QR code visible on a page rendering. */
export function decodeQr(raster: Raster): string | null {
  return jsQR(raster.data, raster.width, raster.height)?.data ?? null;
}
