import { dirname, join } from 'node:path';

// pdfjs-dist is ESM-only: load it with a dynamic import (kept as import() by the test transform).
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', {
  with: { 'resolution-mode': 'import' },
});
let pdfjsModule: Promise<PdfJs> | undefined;

/** pdfjs-dist, an independent PDF reader (not our own writer), loaded once per test file. */
export function pdfjs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

/** Opens a PDF with no eval, no system fonts and pdfjs's own data for the standard 14 fonts. */
export async function openPdf(bytes: Uint8Array) {
  const lib = await pdfjs();
  // pdfjs reads these folders from disk in Node: paths ending in a slash.
  const root = join(dirname(require.resolve('pdfjs-dist/package.json')), '/');
  return lib.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    standardFontDataUrl: join(root, 'standard_fonts', '/'),
    cMapUrl: join(root, 'cmaps', '/'),
    verbosity: 0,
  }).promise;
}
