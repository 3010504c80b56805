// The script loads the issuance module through its index: the entities load in the order the app
// loads them (eligibility first), as in the other tests that import module indexes.
import '../../../src/modules/eligibility';
import { renderScreenshot, SCREENSHOTS } from '../../../scripts/certificate-screenshots';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream } from 'pdf-lib';

import { achievementOf } from '../../../src/modules/issuance/achievement';
import { TIER_ACCENTS } from '../../../src/modules/issuance/pdf/builtin-layout';
import {
  CERTIFICATE_CATALOGS,
  certificateTranslator,
} from '../../../src/modules/issuance/pdf/certificate-messages';
import { parseColor } from '../../../src/modules/issuance/pdf/color';
import { pdfNumber } from '../../../src/modules/issuance/pdf/content';
import {
  renderCredentialPdf,
  type RenderCredentialInput,
} from '../../../src/modules/issuance/pdf/render';
import { parseTemplate } from '../../../src/modules/issuance/pdf/template';
import { SUPPORTED_LOCALES, validateMessageOverrides } from '../../../src/shared/i18n';
import { svgToPng } from '../../../src/shared/raster';
import { rasterize } from '../../support/pdf-raster';
import { decodeQr, readPdf, type ReadPdf } from './pdf-reader';

const VERIFICATION_ID = 'V7K2-9QXP-4M3T';

function input(overrides: Partial<RenderCredentialInput> = {}): RenderCredentialInput {
  return {
    learnerName: 'Zoë Ångström',
    contextTitle: 'Introduction to Cryptography',
    configurationName: 'Cryptography Certificate',
    issuedAt: new Date('2026-11-23T15:30:00Z'),
    locale: 'en',
    verificationId: VERIFICATION_ID,
    verificationUrl: `https://laurel.example.org/verify/${VERIFICATION_ID}`,
    template: null,
    loadAsset: (slug) => Promise.reject(new Error(`unexpected asset ${slug}`)),
    ...overrides,
  };
}

async function read(overrides: Partial<RenderCredentialInput> = {}): Promise<ReadPdf> {
  return readPdf(await renderCredentialPdf(input(overrides)));
}

/** Text of page 1 with every kind of space made one plain space (pdfjs splits items). */
function flat(pdf: ReadPdf): string {
  return pdf
    .pageText(1)
    .replace(/[\s\u00a0\u202f\u200e\u200f\u2066-\u2069]+/g, ' ')
    .normalize('NFC');
}

const clean = (text: string): string =>
  text
    .replace(/[\s\u00a0\u202f\u200e\u200f\u2066-\u2069]+/g, ' ')
    .normalize('NFC')
    .trim();

/** The decompressed content streams of page 1. */
async function pageContent(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const node = doc.getPages()[0].node;
  const contents = node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return streams
    .map((ref) => doc.context.lookup(ref))
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => inflateSync(stream.contents).toString('latin1'))
    .join('\n');
}

const rg = (hex: string): string => {
  const c = parseColor(hex);
  return `${pdfNumber(c.r)} ${pdfNumber(c.g)} ${pdfNumber(c.b)} rg`;
};

describe('the built-in certificate in each locale', () => {
  it.each(SUPPORTED_LOCALES)('%s prints its own phrases', async (locale) => {
    const t = certificateTranslator(locale);
    const pdf = await read({ locale, tier: 1 });
    const text = flat(pdf);
    for (const key of ['heading.achievement', 'intro', 'completed.course', 'date.label']) {
      expect(text).toContain(clean(t.t(key)));
    }
    if (locale !== 'en') expect(text).not.toContain('This certifies that');
    const glyphs = (await pdf.glyphs(1)).flat();
    expect(glyphs.filter((glyph) => glyph.code === 0)).toEqual([]);
    await pdf.destroy();
  });

  it('has every key of the English catalog in every catalog, each valid ICU', () => {
    const keys = Object.keys(CERTIFICATE_CATALOGS.en).sort();
    for (const locale of SUPPORTED_LOCALES) {
      const catalog = CERTIFICATE_CATALOGS[locale] ?? {};
      expect([locale, Object.keys(catalog).sort()]).toEqual([locale, keys]);
      expect(() => validateMessageOverrides(CERTIFICATE_CATALOGS, catalog)).not.toThrow();
    }
  });
});

describe('right-to-left locales', () => {
  const WIDTH = 841.89;
  /** Where the verification block, the date and the QR code sit on page 1. */
  async function placement(locale: string) {
    const bytes = await renderCredentialPdf(
      input({
        locale,
        issuer: {
          organizationName: null,
          organizationUrl: null,
          logoAssetId: null,
          signatories: [
            { name: 'Ada Lovelace', title: 'Dean', organization: null, signatureAssetId: null },
          ],
        },
      }),
    );
    const pdf = await readPdf(bytes);
    const t = certificateTranslator(locale);
    const find = (text: string) => {
      const item = pdf.items[0].find((candidate) => clean(candidate.str) === clean(text));
      if (!item) throw new Error(`${locale}: no "${text}"`);
      return { left: item.x, right: item.x + item.width };
    };
    const verify = find(t.t('verify.label'));
    const date = find(t.t('date.label'));
    const signatory = find('Ada Lovelace');
    await pdf.destroy();
    // The QR code, found in one half of the page.
    const raster = await rasterize(bytes, 1, 100);
    const half = (left: boolean) => {
      const width = Math.floor(raster.width / 2);
      const data = new Uint8ClampedArray(width * raster.height * 4);
      for (let y = 0; y < raster.height; y++) {
        const from = (y * raster.width + (left ? 0 : raster.width - width)) * 4;
        data.set(raster.data.subarray(from, from + width * 4), y * width * 4);
      }
      return decodeQr({ width, height: raster.height, data });
    };
    return { verify, date, signatory, qrLeft: half(true), qrRight: half(false) };
  }

  it('English reads left to right: QR code and verification at the left, the date before the signatures', async () => {
    const en = await placement('en');
    expect(en.verify.right).toBeLessThan(WIDTH / 2);
    expect(en.date.right).toBeLessThan(en.signatory.left);
    expect(en.qrLeft).toBe(`https://laurel.example.org/verify/${VERIFICATION_ID}`);
    expect(en.qrRight).toBeNull();
  });

  it.each(['ar', 'he'])('%s is the mirror image', async (locale) => {
    const mirrored = await placement(locale);
    expect(mirrored.verify.left).toBeGreaterThan(WIDTH / 2);
    // The verification text ends where the English one starts, measured from the other edge.
    expect(mirrored.verify.right).toBeGreaterThan(WIDTH - 60 - 62 - 12 - 6);
    expect(mirrored.verify.right).toBeLessThan(WIDTH - 60 - 62 - 12 + 1);
    expect(mirrored.date.left).toBeGreaterThan(mirrored.signatory.right);
    expect(mirrored.qrRight).toBe(`https://laurel.example.org/verify/${VERIFICATION_ID}`);
    expect(mirrored.qrLeft).toBeNull();
  });
});

describe('tiers, kinds and the description line', () => {
  it.each([
    [0, 'completion'],
    [1, 'achievement'],
    [2, 'distinction'],
    [7, 'distinction'],
  ] as const)('tier %i is %s, in its own accent', async (tier, name) => {
    const bytes = await renderCredentialPdf(input({ tier }));
    const content = await pageContent(bytes);
    expect(content).toContain(rg(TIER_ACCENTS[name]));
    for (const [other, accent] of Object.entries(TIER_ACCENTS)) {
      if (other !== name) expect(content).not.toContain(rg(accent));
    }
    const pdf = await readPdf(bytes);
    expect(flat(pdf)).toContain(certificateTranslator('en').t(`heading.${name}`));
    await pdf.destroy();
  });

  it('a course certificate tells the grade, a path the number of its courses, a badge says so', async () => {
    const course = await read({ achievement: { grade: 0.925, courseCount: null } });
    expect(flat(course)).toContain('has successfully completed the course');
    expect(flat(course)).toContain('with a final grade of 92.5%');
    const path = await read({ contextKind: 'path', achievement: { grade: null, courseCount: 3 } });
    expect(flat(path)).toContain('has successfully completed the learning path');
    expect(flat(path)).toContain('comprising 3 courses');
    const badge = await read({ kind: 'BADGE' });
    expect(flat(badge)).toContain('Digital Badge');
    expect(flat(badge)).toContain('has earned this badge for');
    await Promise.all([course.destroy(), path.destroy(), badge.destroy()]);
  });

  it('counts courses with the locale plural rules', () => {
    const ru = certificateTranslator('ru');
    expect([1, 3, 5].map((count) => ru.t('result.courses', { count }))).toEqual([
      '1 курс в программе',
      '3 курса в программе',
      '5 курсов в программе',
    ]);
  });

  it('takes the grade of a met GRADE requirement and the steps of a path from the evaluation', () => {
    const requirement = (kind: string, current: number, met: boolean) => ({
      kind,
      assignmentType: null,
      required: 0.5,
      current,
      met,
      reason: null,
    });
    expect(
      achievementOf({
        eligible: true,
        enrolled: true,
        progress: 1,
        requirements: [requirement('COMPLETION', 1, true), requirement('GRADE', 0.92, true)],
        steps: null,
      } as never),
    ).toEqual({ grade: 0.92, courseCount: null });
    expect(
      achievementOf({
        eligible: true,
        enrolled: true,
        progress: 1,
        requirements: [requirement('COMPLETION', 1, true)],
        steps: [
          { courseId: 'a', eligible: true, requirements: [] },
          { courseId: 'b', eligible: true, requirements: [] },
        ],
      } as never),
    ).toEqual({ grade: null, courseCount: 2 });
    expect(achievementOf(null)).toBeNull();
  });

  it('prints the configuration name under the heading unless it says the same', async () => {
    const named = await read({ configurationName: 'Applied Cryptography Programme' });
    expect(flat(named)).toContain('Applied Cryptography Programme');
    const same = await read({ configurationName: 'certificate of completion' });
    expect(flat(same)).not.toContain('certificate of completion');
    await Promise.all([named.destroy(), same.destroy()]);
  });
});

describe('page sizes', () => {
  it.each([
    [{ size: 'A4', orientation: 'portrait' }, [595.28, 841.89]],
    [{ size: 'LETTER', orientation: 'landscape' }, [792, 612]],
    [{ size: 'LETTER', orientation: 'portrait' }, [612, 792]],
    [{}, [841.89, 595.28]],
  ])('%j gives %j', async (page, [width, height]) => {
    const bytes = await renderCredentialPdf(input({ template: parseTemplate({ page }) }));
    const size = (await PDFDocument.load(bytes)).getPages()[0].getSize();
    expect(size.width).toBeCloseTo(width, 2);
    expect(size.height).toBeCloseTo(height, 2);
    const pdf = await readPdf(bytes);
    expect(flat(pdf)).toContain('Zoë Ångström');
    await pdf.destroy();
  });

  it('rejects an unknown size, and a page choice with a template PDF', () => {
    expect(() => parseTemplate({ page: { size: 'A3' } })).toThrow(
      'template.page.size: must be one of A4, LETTER',
    );
    expect(() => parseTemplate({ asset: 'diploma', page: { size: 'A4' }, elements: {} })).toThrow(
      /template\.page: applies to the built-in certificate only/,
    );
  });
});

describe('logo and signatories', () => {
  const square = (color: string) =>
    svgToPng(
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="${color}"/></svg>`,
      40,
    );

  it('draws the logo once and each signature, names and titles under them', async () => {
    const assets: Record<string, Uint8Array> = {
      logo: await square('#ff0000'),
      'sig-a': await square('#00ff00'),
    };
    const requested: string[] = [];
    const bytes = await renderCredentialPdf(
      input({
        issuer: {
          organizationName: 'Laurel University',
          organizationUrl: null,
          logoAssetId: 'logo',
          signatories: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'].map(
            (name, i) => ({
              name,
              title: `Title ${i + 1}`,
              organization: null,
              signatureAssetId: i < 2 ? 'sig-a' : null,
            }),
          ),
        },
        loadAsset: (slug) => {
          requested.push(slug);
          return Promise.resolve(assets[slug]);
        },
      }),
    );
    const doc = await PDFDocument.load(bytes);
    const xObjects = doc
      .getPages()[0]
      .node.Resources()
      ?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    // One image per asset: the shared signature is embedded once.
    expect(xObjects?.keys().length).toBe(2);
    for (const [, ref] of xObjects?.entries() ?? []) {
      expect(doc.context.lookup(ref)).toBeInstanceOf(PDFStream);
    }
    const content = await pageContent(bytes);
    expect(content.match(/ Do Q/g)).toHaveLength(3);
    const pdf = await readPdf(bytes);
    const text = flat(pdf);
    for (const expected of ['Laurel University', 'Ada Lovelace', 'Edsger Dijkstra', 'Title 4']) {
      expect(text).toContain(expected);
    }
    await pdf.destroy();
    // The logo is drawn: red pixels at the top centre.
    const raster = await rasterize(bytes, 1, 36);
    let red = 0;
    for (let i = 0; i < raster.data.length; i += 4) {
      if (raster.data[i] > 200 && raster.data[i + 1] < 60 && raster.data[i + 2] < 60) red++;
    }
    expect(red).toBeGreaterThan(50);
    expect(new Set(requested)).toEqual(new Set(['logo', 'sig-a']));
  });

  it('fails with the field named when a logo is not an image', async () => {
    await expect(
      renderCredentialPdf(
        input({
          issuer: {
            organizationName: null,
            organizationUrl: null,
            logoAssetId: 'bad',
            signatories: [],
          },
          loadAsset: () => Promise.resolve(new TextEncoder().encode('not an image')),
        }),
      ),
    ).rejects.toMatchObject({ name: 'TemplateError', field: 'issuer.logoAssetId' });
  });
});

describe('message overrides', () => {
  it('replace the catalog wording, in any locale', async () => {
    const pdf = await read({
      locale: 'fr',
      messages: { intro: 'Nous sommes fiers de certifier que', 'date.label': 'Délivré le' },
    });
    const text = flat(pdf);
    expect(text).toContain('Nous sommes fiers de certifier que');
    expect(text).toContain('Délivré le');
    expect(text).not.toContain('Ce certificat atteste que');
    expect(text).toContain('Certificat d’achèvement');
    await pdf.destroy();
  });

  it('are checked: known keys, ICU that compiles', () => {
    expect(() =>
      validateMessageOverrides(CERTIFICATE_CATALOGS, { nope: 'x' }, 'certificateMessages'),
    ).toThrow('certificateMessages.nope: is not a message of this catalog');
    expect(() =>
      validateMessageOverrides(CERTIFICATE_CATALOGS, { intro: 'Hello {' }, 'certificateMessages'),
    ).toThrow(/certificateMessages\.intro: is not ICU MessageFormat/);
  });
});

describe('npm run screenshots:certificates', () => {
  it('renders a screenshot as a PNG small enough for the README', async () => {
    const shot = SCREENSHOTS.find((candidate) => candidate.file === 'certificate-ar.png');
    expect(shot).toBeDefined();
    const png = await renderScreenshot(shot!, 500);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(500);
    expect(png.byteLength).toBeLessThan(150 * 1024);
  });
});
