/**
 * Renders a PDF page to pixels, one choice for the whole suite: poppler's pdftoppm when
 * it is on PATH (Debian's poppler-utils), else the product's own renderer (pdfjs-dist drawing
 * on @napi-rs/canvas, src/shared/raster.ts), so a bare machine needs nothing by hand.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

import { renderPdfPage } from '../../src/shared/raster';

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  readonly data: Uint8ClampedArray;
}

export type Rasteriser = 'pdftoppm' | 'pdfjs';

/** The rasterisers this machine has: pdfjs always, pdftoppm when poppler is installed. */
export function availableRasterisers(): Rasteriser[] {
  return onPath('pdftoppm') ? ['pdftoppm', 'pdfjs'] : ['pdfjs'];
}

/** Rasterizes one page (1-based) at `dpi`, white background. */
export function rasterize(
  pdf: Uint8Array,
  page: number,
  dpi: number,
  rasteriser: Rasteriser = availableRasterisers()[0],
): Promise<Raster> {
  switch (rasteriser) {
    case 'pdftoppm':
      return Promise.resolve(withPdftoppm(pdf, page, dpi));
    case 'pdfjs':
      return withPdfjs(pdf, page, dpi);
  }
}

function withPdftoppm(pdf: Uint8Array, page: number, dpi: number): Raster {
  const ppm = execFileSync(
    'pdftoppm',
    ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-'],
    { input: pdf, maxBuffer: 256 * 1024 * 1024 },
  );
  // Binary PPM: "P6\n<width> <height>\n255\n" then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not return a binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const rgb = ppm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let source = 0, target = 0; target < data.length; source += 3, target += 4) {
    data[target] = rgb[source];
    data[target + 1] = rgb[source + 1];
    data[target + 2] = rgb[source + 2];
    data[target + 3] = 255;
  }
  return { width, height, data };
}

async function withPdfjs(pdf: Uint8Array, page: number, dpi: number): Promise<Raster> {
  const canvas = await renderPdfPage(pdf, page, { scale: dpi / 72 });
  const { width, height } = canvas;
  const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
  return { width, height, data };
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
