import { create as createQrCode } from 'qrcode';

import type { Rgb } from './color';
import { pdfNumber } from './content';

/** Quiet zone painted white around the code, in modules. */
const QUIET_ZONE = 2;

/**
 * Content-stream operators drawing `text` as a QR code: vector squares (one
 * rectangle per horizontal run of dark modules), no raster image. (x, y) is
 * the bottom-left corner, `size` the side of the symbol without its quiet zone.
 */
export function qrOperators(text: string, x: number, y: number, size: number, color: Rgb): string {
  const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const module = size / count;
  const quiet = QUIET_ZONE * module;
  const rects: string[] = [];
  for (let row = 0; row < count; row++) {
    const bottom = count - 1 - row;
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column++;
      rects.push(`${start} ${bottom} ${column - start} 1 re`);
    }
  }
  const n = pdfNumber;
  return [
    'q',
    '1 1 1 rg',
    `${n(x - quiet)} ${n(y - quiet)} ${n(size + 2 * quiet)} ${n(size + 2 * quiet)} re f`,
    `${n(color.r)} ${n(color.g)} ${n(color.b)} rg`,
    `${n(module)} 0 0 ${n(module)} ${n(x)} ${n(y)} cm`,
    ...rects,
    'f',
    'Q',
  ].join('\n');
}
