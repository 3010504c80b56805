/**
 * Pixels from vector documents, in this process and with nothing fetched: SVG through
 * @napi-rs/canvas (Skia, prebuilt in an npm platform package), PDF pages through pdfjs-dist
 * drawing on the same canvas. Text renders in the bundled Noto fonts, so a badge looks the
 * same on every machine.
 */
import { dirname, join } from 'node:path';
import { type Canvas, createCanvas, GlobalFonts, Image } from '@napi-rs/canvas';

/** The bundled fonts (SIL Open Font License 1.1), by the family name SVG text asks for. */
const FONT_FILES: readonly (readonly [string, string])[] = [
  ['Noto Sans', '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'],
  ['Noto Sans', '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'],
  ['Noto Sans Arabic', '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'],
  ['Noto Sans SC', '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'],
  ['Noto Sans KR', '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'],
]; // prettier-ignore

/**
 * What SVG text without a font of its own is drawn in. Skia's SVG text takes the first family
 * of a list and falls back per glyph to nothing: text in another script names its own family
 * (`fontFamilyFor`).
 */
export const DEFAULT_FONT_FAMILY = 'Noto Sans';

/** The bundled family that covers `text`: Hangul, Han and Arabic have their own. */
export function fontFamilyFor(text: string): string {
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text)) return 'Noto Sans KR';
  if (/[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff]/.test(text)) return 'Noto Sans SC';
  if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(text)) {
    return 'Noto Sans Arabic';
  }
  return DEFAULT_FONT_FAMILY;
}

let fontsRegistered = false;

function registerFonts(): void {
  if (fontsRegistered) return;
  for (const [family, file] of FONT_FILES)
    GlobalFonts.registerFromPath(require.resolve(file), family);
  fontsRegistered = true;
}

export class RasterError extends Error {}

/** The tallest PNG drawn from an SVG, in widths. */
const MAX_ASPECT = 4;

/**
 * Renders an SVG document at `width` pixels wide (its height follows its aspect ratio, from
 * its width and height or its viewBox) and encodes it as PNG.
 */
export async function svgToPng(svg: string, width: number): Promise<Buffer> {
  registerFonts();
  const probe = new Image();
  probe.src = Buffer.from(svg, 'utf8');
  if (!probe.complete || probe.naturalWidth === 0 || probe.naturalHeight === 0) {
    throw new RasterError('The SVG has no size: give it a width and height or a viewBox');
  }
  // A sliver of a template (width="1" height="100000") must not ask for gigabytes of pixels.
  const height = Math.min(
    MAX_ASPECT * width,
    Math.max(1, Math.round((width * probe.naturalHeight) / probe.naturalWidth)),
  );
  // Given its size before its source, Skia draws the vectors at that size (not a scaled bitmap).
  const image = new Image(width, height);
  image.src = Buffer.from(svg, 'utf8');
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').drawImage(image, 0, 0, width, height);
  return canvas.encode('png');
}

// pdfjs-dist is ESM-only: load it with a dynamic import (kept as import() under node16 modules).
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', {
  with: { 'resolution-mode': 'import' },
});
let pdfjsModule: Promise<PdfJs> | undefined;

export function pdfjs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs').catch((error: unknown) => {
    pdfjsModule = undefined;
    throw error;
  });
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

/** The most pixels a PDF page is drawn with (a 6,000 × 4,000 image). */
const MAX_PAGE_PIXELS = 24_000_000;

/**
 * Draws one page (1-based) on a white canvas, at a scale (1 = 72 dpi) or a width in pixels.
 * A page of extreme proportions or size (a 1 × 14,400 pt sliver of an uploaded template) is
 * drawn smaller rather than asking for gigabytes of pixels: at most MAX_ASPECT widths tall
 * for a width, and at most MAX_PAGE_PIXELS in all.
 */
export async function renderPdfPage(
  pdf: Uint8Array,
  page: number,
  size: { scale: number } | { width: number },
): Promise<Canvas> {
  const document = await openPdf(pdf);
  try {
    const pdfPage = await document.getPage(page);
    const natural = pdfPage.getViewport({ scale: 1 });
    let scale =
      'scale' in size
        ? size.scale
        : Math.min(size.width / natural.width, (MAX_ASPECT * size.width) / natural.height);
    // Rounded down, so the whole pixels the canvas rounds up to stay within the cap.
    const fits = Math.floor(Math.sqrt(MAX_PAGE_PIXELS / (natural.width * natural.height)) * 1000);
    scale = Math.min(scale, fits / 1000);
    const viewport = pdfPage.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await pdfPage.render({
      // pdfjs types its target as a DOM canvas; in Node it draws on @napi-rs/canvas,
      // which implements the 2D context it uses (its own NodeCanvasFactory does the same).
      canvas: canvas as unknown as HTMLCanvasElement,
      viewport,
      background: 'white',
    }).promise;
    return canvas;
  } finally {
    await document.destroy();
  }
}

/** Page `page` (1-based; default the first) as a PNG `width` pixels wide. */
export async function pdfPagePng(pdf: Uint8Array, width: number, page = 1): Promise<Buffer> {
  return (await renderPdfPage(pdf, page, { width })).encode('png');
}
