import { readFileSync } from 'node:fs';

import {
  PDFDict,
  PDFDocument,
  PDFName,
  pushGraphicsState,
  rgb,
  scale,
  StandardFonts,
} from 'pdf-lib';

import { TemplateError } from '../../../src/modules/issuance/pdf/errors';
import { builtinFace } from '../../../src/modules/issuance/pdf/fonts';
import {
  renderCredentialPdf,
  type RenderCredentialInput,
} from '../../../src/modules/issuance/pdf/render';
import { parseTemplate } from '../../../src/modules/issuance/pdf/template';
import { stampWatermark } from '../../../src/modules/issuance/pdf/watermark';
import { rasterize } from '../../support/pdf-raster';
import { qpdfCheck } from '../../support/qpdf';
import { decodeQr, readPdf, type ReadPdf } from './pdf-reader';

const issuedAt = new Date('2026-11-23T15:30:00Z');

function input(overrides: Partial<RenderCredentialInput> = {}): RenderCredentialInput {
  return {
    learnerName: 'Zoë Ångström',
    contextTitle: 'Introduction to Cryptography',
    configurationName: 'Certificate of Completion',
    issuedAt,
    locale: 'en',
    verificationId: 'V7K2-9QXP-4M3T',
    verificationUrl: 'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
    template: null,
    loadAsset: (slug) => Promise.reject(new Error(`unexpected asset ${slug}`)),
    ...overrides,
  };
}

function longDate(locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(issuedAt);
}

/** Text lines of a page: items on one baseline joined left to right. */
function lines(pdf: ReadPdf, page: number): string[] {
  const byBaseline = new Map<number, { x: number; str: string }[]>();
  for (const item of pdf.items[page - 1]) {
    const y = Math.round(item.y);
    const line = byBaseline.get(y) ?? [];
    line.push(item);
    byBaseline.set(y, line);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, items]) =>
      items
        .sort((a, b) => a.x - b.x)
        .map((item) => item.str)
        .join(''),
    );
}

/** Base font names of every font a page uses. */
async function pageFontNames(bytes: Uint8Array, page: number): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const resources = doc.getPages()[page - 1].node.Resources();
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fonts) return [];
  return fonts.entries().map(([, ref]) => {
    const font = doc.context.lookup(ref, PDFDict);
    return font.lookup(PDFName.of('BaseFont'), PDFName).decodeText();
  });
}

describe('renderCredentialPdf: built-in certificate', () => {
  describe.each([
    ['Zoë Ångström', 'en'],
    ['Иван Петров', 'ru'],
    ['Σωκράτης', 'el'],
    ['李小龙', 'zh-CN'],
    ['김민준', 'ko'],
  ])('for %s (%s)', (learnerName, locale) => {
    let bytes: Uint8Array;
    let pdf: ReadPdf;

    beforeAll(async () => {
      bytes = await renderCredentialPdf(input({ learnerName, locale }));
      pdf = await readPdf(bytes);
    });
    afterAll(() => pdf.destroy());

    it('is one landscape A4 page', () => {
      expect(pdf.pageCount).toBe(1);
    });

    it('contains the name, context title, localized date and verification URL as text', () => {
      const text = lines(pdf, 1);
      expect(text).toContain(learnerName);
      expect(text).toContain('Introduction to Cryptography');
      expect(text).toContain('Certificate of Completion');
      expect(text).toContain(longDate(locale));
      expect(text).toContain('https://laurel.example.org/verify/V7K2-9QXP-4M3T');
      expect(text.join('\n')).toContain('V7K2-9QXP-4M3T');
    });

    it('uses no .notdef glyph', async () => {
      const glyphs = (await pdf.glyphs(1)).flat();
      expect(glyphs.length).toBeGreaterThan(0);
      expect(glyphs.filter((glyph) => glyph.code === 0)).toEqual([]);
    });

    it('is under 100 KB', () => {
      expect(bytes.byteLength).toBeLessThan(100 * 1024);
    });
  });

  it('localizes the date for the configuration locale', async () => {
    const pdf = await readPdf(await renderCredentialPdf(input({ locale: 'de' })));
    expect(lines(pdf, 1)).toContain('23. November 2026');
    await pdf.destroy();
  });

  it('sets the title, subject (verification id) and producer', async () => {
    const pdf = await readPdf(await renderCredentialPdf(input()));
    expect(pdf.info).toMatchObject({
      Title: 'Certificate of Completion: Zoë Ångström',
      Subject: 'V7K2-9QXP-4M3T',
      Producer: 'Laurel',
    });
    await pdf.destroy();
  });

  it('draws a QR code that decodes to the verification URL', async () => {
    const bytes = await renderCredentialPdf(input());
    expect(decodeQr(await rasterize(bytes, 1, 100))).toBe(
      'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
    );
  });

  it('embeds subset fonts, one per face used', async () => {
    const bytes = await renderCredentialPdf(input({ learnerName: 'محمد 李' }));
    const names = await pageFontNames(bytes, 1);
    expect(names.map((name) => name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-Regular',
      'NotoSansArabic-Bold',
      'NotoSansSC-Bold',
      // The heading and the course title are set in the serif face.
      'NotoSerifDisplay-Regular',
    ]);
    for (const name of names) expect(name).toMatch(/^[A-Z]{6}\+/);
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const first = await renderCredentialPdf(input());
    const second = await renderCredentialPdf(input());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  // A guard against parsing or embedding whole fonts per document (about 290 ms each), with
  // room for a busy machine; the render time itself is a figure of `npm run bench render`.
  it('renders a warm certificate in well under 100 ms', async () => {
    for (let i = 0; i < 5; i++) await renderCredentialPdf(input({ learnerName: `Warm ${i}` }));
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await renderCredentialPdf(input({ learnerName: `Learner Number ${i}` }));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);
  });
});

describe('renderCredentialPdf: Arabic name', () => {
  const learnerName = 'محمد علي';
  let bytes: Uint8Array;
  let pdf: ReadPdf;

  beforeAll(async () => {
    bytes = await renderCredentialPdf(input({ learnerName, locale: 'ar' }));
    pdf = await readPdf(bytes);
  });
  afterAll(() => pdf.destroy());

  it('draws every glyph of the name from the font (none is .notdef)', async () => {
    const runs = await pdf.glyphs(1);
    const nameRun = runs.find((run) => run.some((glyph) => glyph.unicode === 'ع'));
    expect(nameRun).toBeDefined();
    expect(nameRun?.filter((glyph) => glyph.code === 0)).toEqual([]);
    expect((await pdf.glyphs(1)).flat().filter((glyph) => glyph.code === 0)).toEqual([]);
  });

  it('draws the name right to left: the last letter is drawn first', async () => {
    const runs = await pdf.glyphs(1);
    // 'ع' is in the name and in none of the certificate's Arabic phrases.
    const nameRun = runs.find((run) => run.some((glyph) => glyph.unicode === 'ع')) ?? [];
    const letters = nameRun.map((glyph) => glyph.unicode).filter((unicode) => unicode.trim());
    expect(letters.join('')).toBe('يلعدمحم');
  });

  it('uses the Arabic font for the name', async () => {
    const names = await pageFontNames(bytes, 1);
    expect(names.some((name) => name.endsWith('+NotoSansArabic-Bold'))).toBe(true);
  });
});

describe('renderCredentialPdf: template over the built-in layout', () => {
  it('hides elements set to false and restyles others', async () => {
    const bytes = await renderCredentialPdf(
      input({
        template: parseTemplate({
          elements: {
            date: false,
            qr: false,
            context: { uppercase: true },
            custom: [{ y: 150, text: 'Grade {{A}} · {unknown} · {verificationId}' }],
          },
        }),
      }),
    );
    const pdf = await readPdf(bytes);
    const text = lines(pdf, 1);
    expect(text).not.toContain(longDate('en'));
    expect(text).toContain('INTRODUCTION TO CRYPTOGRAPHY');
    expect(text).toContain('Grade {A} · {unknown} · V7K2-9QXP-4M3T');
    expect(decodeQr(await rasterize(bytes, 1, 100))).toBeNull();
    await pdf.destroy();
  });

  it('fills {expiresOn} with the expiry date, formatted like {date}, and with nothing without one', async () => {
    const template = parseTemplate({
      elements: { custom: [{ y: 150, text: 'Valid until: {expiresOn}' }] },
    });
    const expiring = await readPdf(
      await renderCredentialPdf(
        input({ template, expiresAt: new Date('2028-11-23T15:30:00Z'), locale: 'en' }),
      ),
    );
    expect(lines(expiring, 1)).toContain('Valid until: November 23, 2028');
    await expiring.destroy();
    const permanent = await readPdf(await renderCredentialPdf(input({ template })));
    expect(lines(permanent, 1)).toContain('Valid until:');
    await permanent.destroy();
  });

  it('rejects an element on a page the layout does not have', async () => {
    await expect(
      renderCredentialPdf(input({ template: parseTemplate({ elements: { name: { page: 2 } } }) })),
    ).rejects.toMatchObject({ name: 'TemplateError', field: 'template.elements.name.page' });
  });
});

describe('renderCredentialPdf: uploaded template PDF', () => {
  const longName = 'Maximilian Zoë Featherstonehaugh-Ångström';
  let templatePdf: Uint8Array;

  beforeAll(async () => {
    const doc = await PDFDocument.create();
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    const cover = doc.addPage([595.28, 841.89]);
    cover.drawText('Front cover', { x: 72, y: 700, size: 24, font: helvetica });
    const inside = doc.addPage([595.28, 841.89]);
    inside.drawRectangle({
      x: 36,
      y: 36,
      width: 523,
      height: 770,
      borderColor: rgb(0.6, 0.1, 0.2),
    });
    // A graphics state left unbalanced by the template must not move our drawing.
    inside.pushOperators(pushGraphicsState(), scale(0.5, 0.5));
    templatePdf = await doc.save();
  });

  function render(template: unknown, learnerName = longName): Promise<Uint8Array> {
    const requested: string[] = [];
    return renderCredentialPdf(
      input({
        learnerName,
        template: parseTemplate(template),
        loadAsset: (slug) => {
          requested.push(slug);
          if (slug === 'diploma') return Promise.resolve(templatePdf);
          if (slug === 'brand-font') {
            return Promise.resolve(
              readFileSync(
                require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'),
              ),
            );
          }
          return Promise.reject(new Error(`unknown asset ${slug}`));
        },
      }),
    );
  }

  const template = {
    asset: 'diploma',
    defaults: { color: '#222' },
    elements: {
      name: { page: 2, y: 500, size: 36, uppercase: true, maxWidth: 300 },
      context: { page: 2, x: 72, y: 420, size: 16, font: 'brand-font' },
      date: { page: 2, y: 380, size: 12 },
      verificationUrl: false,
      qr: { page: 2, x: 400, y: 80, size: 100 },
      custom: [{ page: 2, y: 340, text: 'Awarded to {name} on {date} {{seal}}', size: 10 }],
    },
  };

  let bytes: Uint8Array;
  let pdf: ReadPdf;
  beforeAll(async () => {
    bytes = await render(template);
    pdf = await readPdf(bytes);
  });
  afterAll(() => pdf.destroy());

  it('keeps the template pages and leaves page 1 untouched', () => {
    expect(pdf.pageCount).toBe(2);
    expect(lines(pdf, 1)).toEqual(['Front cover']);
  });

  it('draws the elements on page 2, uppercased where asked', () => {
    const text = lines(pdf, 2);
    expect(text).toContain('MAXIMILIAN ZOË FEATHERSTONEHAUGH-ÅNGSTRÖM');
    expect(text).toContain('Introduction to Cryptography');
    expect(text).toContain(longDate('en'));
    expect(text).toContain(`Awarded to ${longName} on ${longDate('en')} {seal}`);
  });

  it('omits hidden elements and elements the template does not place', () => {
    const text = lines(pdf, 2).join('\n');
    expect(text).not.toContain('https://laurel.example.org/verify');
    expect(text).not.toContain('Certificate of Completion');
    expect(text).not.toContain('This certifies that');
  });

  it('shrinks a long name until it fits its maxWidth', () => {
    const name = pdf.items[1].find((item) => item.str.includes('MAXIMILIAN'));
    expect(name).toBeDefined();
    expect(name?.width).toBeLessThanOrEqual(300.5);
    expect(name?.width).toBeGreaterThan(290);
    expect(name?.size).toBeLessThan(36);
    // Centred: no x given.
    expect((name?.x ?? 0) + (name?.width ?? 0) / 2).toBeCloseTo(595.28 / 2, 0);
  });

  it('keeps the size of a name that already fits', async () => {
    const short = await readPdf(await render(template, 'Ann Lee'));
    const name = short.items[1].find((item) => item.str === 'ANN LEE');
    expect(name?.size).toBeCloseTo(36, 1);
    await short.destroy();
  });

  it('places an element at its x', () => {
    const context = pdf.items[1].find((item) => item.str.includes('Introduction'));
    expect(context?.x).toBeCloseTo(72, 1);
    expect(context?.y).toBeCloseTo(420, 1);
  });

  it('anchors a line on its x by its alignment: the centre or the right edge', async () => {
    const aligned = async (align: 'center' | 'right', learnerName: string) => {
      const doc = await readPdf(
        await render(
          { asset: 'diploma', elements: { name: { page: 2, x: 300, y: 500, size: 20, align } } },
          learnerName,
        ),
      );
      const [name] = doc.items[1];
      await doc.destroy();
      return name;
    };
    for (const learnerName of ['Ann Lee', longName]) {
      const centred = await aligned('center', learnerName);
      expect(centred.x + centred.width / 2).toBeCloseTo(300, 0);
      const right = await aligned('right', learnerName);
      expect(right.x + right.width).toBeCloseTo(300, 0);
    }
  });

  it('is stamped PREVIEW on every page, its rendered bytes kept as they are', async () => {
    const stamped = await stampWatermark(bytes, { text: 'PREVIEW' });
    expect(Buffer.from(stamped.subarray(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    const read = await readPdf(stamped);
    expect(read.items.map((items) => items.some((item) => item.str === 'PREVIEW'))).toEqual([
      true,
      true,
    ]);
    expect(lines(read, 2)).toContain('MAXIMILIAN ZOË FEATHERSTONEHAUGH-ÅNGSTRÖM');
    await read.destroy();
    expect((await qpdfCheck(stamped)).status).toBe(0);
  });

  it('uses an uploaded font by asset slug', async () => {
    const names = (await pageFontNames(bytes, 2)).map((name) => name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('NotoSansArabic-Regular');
    expect(names).toContain('NotoSans-Regular');
  });

  it('draws the QR code on page 2', async () => {
    expect(decodeQr(await rasterize(bytes, 2, 100))).toBe(
      'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
    );
    expect(decodeQr(await rasterize(bytes, 1, 72))).toBeNull();
  });

  it('rejects an element on a page the template does not have', async () => {
    await expect(
      render({ asset: 'diploma', elements: { name: { page: 3, y: 100 } } }),
    ).rejects.toMatchObject({ name: 'TemplateError', field: 'template.elements.name.page' });
  });

  it('rejects an asset that is not a PDF', async () => {
    const error: unknown = await renderCredentialPdf(
      input({
        template: parseTemplate({ asset: 'broken', elements: { name: { y: 10 } } }),
        loadAsset: () => Promise.resolve(new TextEncoder().encode('not a pdf')),
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ field: 'template.asset' });
  });

  it('rejects a font asset that is not a font', async () => {
    const error: unknown = await renderCredentialPdf(
      input({
        template: parseTemplate({ elements: { name: { font: 'bad-font' } } }),
        loadAsset: () => Promise.resolve(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])),
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ field: 'template.elements.name.font' });
  });
});

describe('built-in fonts', () => {
  it('are parsed once per process', () => {
    expect(builtinFace('latin', false)).toBe(builtinFace('latin', false));
  });
});
