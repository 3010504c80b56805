/**
 * The page rasteriser every PDF test relies on, with each rasteriser this machine has:
 * the npm one (pdfjs-dist on @napi-rs/canvas) always, pdftoppm too where poppler is
 * installed, so a machine with poppler still tests the path a bare machine takes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';

import { renderCredentialPdf } from '../../src/modules/issuance/pdf/render';
import { decodeQr } from '../issuance/pdf/pdf-reader';
import { availableRasterisers, type Raster, rasterize } from './pdf-raster';

const NOTO_SANS = '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';
const VERIFICATION_URL = 'https://laurel.example.org/verify/V7K2-9QXP-4M3T';

/** A 200 × 100 pt page with `text` in Noto Sans, 60 pt, baseline at (20, 20). */
async function textPdf(text: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(readFileSync(require.resolve(NOTO_SANS)), {
    subset: true,
  });
  document.addPage([200, 100]).drawText(text, { x: 20, y: 20, size: 60, font });
  return document.save();
}

function isInk(raster: Raster, x: number, y: number): boolean {
  const at = (y * raster.width + x) * 4;
  return raster.data[at] + raster.data[at + 1] + raster.data[at + 2] < 3 * 128;
}

/** The smallest box holding every dark pixel, or null for a blank page. */
function inkBox(raster: Raster) {
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      if (!isInk(raster, x, y)) continue;
      box ??= { left: x, top: y, right: x, bottom: y };
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return box;
}

describe.each(availableRasterisers())('rasterize with %s', (rasteriser) => {
  it('renders the page at the resolution asked, blank where nothing is drawn', async () => {
    const raster = await rasterize(await textPdf(''), 1, 144, rasteriser);
    expect([raster.width, raster.height]).toEqual([400, 200]);
    expect(raster.data).toHaveLength(400 * 200 * 4);
    expect(inkBox(raster)).toBeNull();
  });

  it('draws a glyph where the text is: an H, with its crossbar and open top', async () => {
    const raster = await rasterize(await textPdf('H'), 1, 144, rasteriser);
    const box = inkBox(raster);
    // Baseline at 200 − 2 × 20 = 160 px, cap height of Noto Sans about 0.714 em = 86 px.
    expect(box?.bottom).toBeGreaterThanOrEqual(157);
    expect(box?.bottom).toBeLessThanOrEqual(160);
    expect(box?.top).toBeGreaterThanOrEqual(70);
    expect(box?.top).toBeLessThanOrEqual(78);
    expect(box?.left).toBeGreaterThan(40);
    expect(box?.left).toBeLessThan(60);
    if (!box) return;
    const middleX = Math.round((box.left + box.right) / 2);
    const middleY = Math.round((box.top + box.bottom) / 2);
    expect(isInk(raster, middleX, middleY)).toBe(true);
    expect(isInk(raster, middleX, box.top + 2)).toBe(false);
    expect(isInk(raster, box.left + 2, box.top + 2)).toBe(true);
  });

  it('draws a character the font lacks as the .notdef box: closed top, empty middle', async () => {
    const raster = await rasterize(await textPdf('李'), 1, 144, rasteriser);
    const box = inkBox(raster);
    expect(box).not.toBeNull();
    if (!box) return;
    const middleX = Math.round((box.left + box.right) / 2);
    const middleY = Math.round((box.top + box.bottom) / 2);
    expect(isInk(raster, middleX, box.top + 1)).toBe(true);
    expect(isInk(raster, middleX, middleY)).toBe(false);
  });

  it('renders a credential whose QR code decodes to the verification URL', async () => {
    const pdf = await renderCredentialPdf({
      learnerName: 'Zoë Ångström',
      contextTitle: 'Introduction to Cryptography',
      configurationName: 'Certificate of Completion',
      issuedAt: new Date('2026-11-23T15:30:00Z'),
      locale: 'en',
      verificationId: 'V7K2-9QXP-4M3T',
      verificationUrl: VERIFICATION_URL,
      template: null,
      loadAsset: (slug) => Promise.reject(new Error(`unexpected asset ${slug}`)),
    });
    expect(decodeQr(await rasterize(pdf, 1, 100, rasteriser))).toBe(VERIFICATION_URL);
  });
});

describe('availableRasterisers', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('puts pdftoppm first when an executable of that name is on PATH', () => {
    const folder = mkdtempSync(join(tmpdir(), 'laurel-path-'));
    writeFileSync(join(folder, 'pdftoppm'), '#!/bin/sh\n', { mode: 0o755 });
    process.env.PATH = folder;
    expect(availableRasterisers()).toEqual(['pdftoppm', 'pdfjs']);
    rmSync(folder, { recursive: true });
  });

  it('falls back to the npm rasteriser alone on a machine without poppler', () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'laurel-path-'));
    expect(availableRasterisers()).toEqual(['pdfjs']);
    rmSync(process.env.PATH, { recursive: true });
  });
});
