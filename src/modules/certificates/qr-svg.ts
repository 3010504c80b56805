import { create as createQrCode } from 'qrcode';

/** Quiet zone around the code, in modules. */
const QUIET_ZONE = 2;

/**
 * `text` as an inline SVG QR code (one path of dark runs, `currentColor`): the same symbol the
 * PDF draws, as markup the page's CSP allows. Only numbers and fixed markup go in.
 */
export function qrSvg(text: string): string {
  const { modules } = createQrCode(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const runs: string[] = [];
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column++;
      runs.push(
        `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${column - start}v1h-${column - start}z`,
      );
    }
  }
  const side = count + 2 * QUIET_ZONE;
  return `<svg class="qr" viewBox="0 0 ${side} ${side}" aria-hidden="true" shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg"><rect width="${side}" height="${side}" fill="#fff"/><path fill="currentColor" d="${runs.join('')}"/></svg>`;
}
