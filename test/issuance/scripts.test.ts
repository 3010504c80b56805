import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';
import { inflateSync } from 'node:zlib';

import {
  IssueCredentialDocument,
  RetryCredentialDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import { ok, query } from '../progress/helpers';
import {
  loadShaper,
  renderCredentialPdf,
  type RenderCredentialInput,
  UnrenderableTextError,
} from '../../src/modules/issuance/pdf';
import { shapeText } from '../../src/modules/issuance/pdf/text';
import { startTestApp, type TestApp } from '../support/app';
import { rasterize } from '../support/pdf-raster';
import { qpdfCheck } from '../support/qpdf';
import { readPdf } from './pdf/pdf-reader';
import { courseWithConfiguration, eventually, FAST_JOBS, progress, reaches } from './helpers';

/**
 * Names and titles in every script the built-in fonts cover: shaped by HarfBuzz, embedded,
 * extracted back in logical order by an independent reader (pdfjs), drawn (not blank), with
 * no .notdef glyph; a character no font has fails the render and the credential says why.
 */
jest.setTimeout(120_000);

const SCRIPTS: readonly (readonly [string, string, string])[] = [
  ['Latin', 'Zoë Ångström-Núñez', 'Introducción a la programación'],
  ['Cyrillic', 'Анна Каренина', 'Основы программирования'],
  ['Greek', 'Ελένη Παπαδοπούλου', 'Εισαγωγή στη φυσική'],
  ['Arabic', 'محمد عبد الله', 'مقدمة في البرمجة'],
  ['Hebrew', 'דוד כהן', 'מבוא לתכנות'],
  ['Devanagari', 'प्रिया शर्मा', 'कृत्रिम बुद्धि'],
  ['Bengali', 'নজরুল ইসলাম', 'প্রোগ্রামিং পরিচিতি'],
  ['Tamil', 'தமிழ்செல்வி', 'கணினி அறிவியல்'],
  ['Thai', 'สมชาย ใจดี', 'การเขียนโปรแกรม'],
  ['Georgian', 'ნინო ბერიძე', 'პროგრამირების საფუძვლები'],
  ['Armenian', 'Արամ Խաչատրյան', 'Ծրագրավորման հիմունքներ'],
  ['Ethiopic', 'አበበ ቢቂላ', 'የኮምፒውተር ሳይንስ'],
  ['Simplified Chinese', '李小龙', '计算机科学导论'],
  ['Japanese', 'さくら 山田', 'プログラミング入門'],
  ['Korean', '김민준', '컴퓨터 과학 개론'],
];

function input(learnerName: string, contextTitle: string): RenderCredentialInput {
  return {
    learnerName,
    contextTitle,
    configurationName: 'Certificate of Completion',
    issuer: {
      organizationName: 'Université de Genève',
      organizationUrl: null,
      logoAssetId: null,
      signatories: [],
    },
    issuedAt: new Date('2026-11-23T10:00:00Z'),
    locale: 'en',
    verificationId: 'V7K2-9QXP-4M3T',
    verificationUrl: 'https://laurel.example/verify/V7K2-9QXP-4M3T',
    template: null,
    loadAsset: () => Promise.reject(new Error('no assets')),
  };
}

/** The page's text items joined per baseline (runs of several fonts are several items). */
function lines(items: readonly { str: string; y: number }[]): Map<number, string> {
  const byLine = new Map<number, string>();
  for (const item of items) {
    const y = Math.round(item.y);
    byLine.set(y, (byLine.get(y) ?? '') + item.str);
  }
  return byLine;
}

function rawStream(object: PDFObject | undefined): PDFRawStream {
  if (!(object instanceof PDFRawStream)) throw new Error('not a stream');
  return object;
}

beforeAll(() => loadShaper());

describe.each(SCRIPTS)('%s', (_script, name, title) => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await renderCredentialPdf(input(name, title));
  });

  it('extracts the name and the title in logical order, drawn with no .notdef glyph', async () => {
    const read = await readPdf(pdf);
    try {
      const text = [...lines(read.items[0]).values()];
      expect(text).toContain(name);
      expect(text).toContain(title);
      const codes = (await read.glyphs(1)).flat().map((glyph) => glyph.code);
      expect(codes).not.toContain(0);
    } finally {
      await read.destroy();
    }
    for (const text of [name, title]) {
      const ids = shapeText(text, { custom: null, bold: true }).runs.flatMap((run) =>
        run.glyphs.map((glyph) => glyph.id),
      );
      expect(ids).not.toContain(0);
    }
  });

  it('draws the name: its band of the page is not blank', async () => {
    const read = await readPdf(pdf);
    const item = read.items[0].find(
      (candidate) => candidate.str.trim() !== '' && name.includes(candidate.str.trim()),
    );
    await read.destroy();
    expect(item).toBeDefined();
    const dpi = 36;
    const raster = await rasterize(pdf, 1, dpi);
    const scale = dpi / 72;
    const pageHeight = raster.height / scale;
    const top = Math.floor((pageHeight - item!.y - item!.size) * scale);
    const bottom = Math.ceil((pageHeight - item!.y + item!.size * 0.4) * scale);
    let dark = 0;
    for (let row = Math.max(0, top); row < Math.min(raster.height, bottom); row++) {
      for (let column = 0; column < raster.width; column++) {
        const at = (row * raster.width + column) * 4;
        if (raster.data[at] + raster.data[at + 1] + raster.data[at + 2] < 384) dark++;
      }
    }
    expect(dark).toBeGreaterThan(20);
  });
});

describe('a character no font can show', () => {
  it('fails the render with the character and its code point', async () => {
    const failure = renderCredentialPdf(input('Ann ᚠ Smith', 'Runes'));
    await expect(failure).rejects.toThrow(UnrenderableTextError);
    await expect(failure).rejects.toThrow(
      'The name contains characters no certificate font can show: "ᚠ" (U+16A0)',
    );
  });

  describe('through the real app', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(FAST_JOBS);
    });
    afterAll(() => app?.stop());

    it('leaves the credential ERROR with the plain reason, not retried, stored nowhere', async () => {
      const course = await courseWithConfiguration(app, ['runic'], { autoIssue: false });
      await ok(
        app.gql(
          UpsertLearnerDocument,
          { input: { id: 'runic', name: 'Ann ᚠ Smith' } },
          app.ingestToken,
        ),
      );
      await progress(app, course, ['runic'], 9);
      const issued = await ok(
        app.gql(
          IssueCredentialDocument,
          { configurationId: course.configurationId, learnerId: 'runic' },
          app.adminToken,
        ),
      );
      const id = issued.issueCredential.id;
      const reason = 'The name contains characters no certificate font can show: "ᚠ" (U+16A0)';
      const asLearner = await app.token({ subject: 'runic' });
      const seen = await eventually(async () => {
        const answer = await app.raw(
          {
            query: 'query ($id: ID!) { credential(id: $id) { status error downloadUrl } }',
            variables: { id },
          },
          { authorization: `Bearer ${asLearner}` },
        );
        const found = (answer.data as { credential: Record<string, unknown> | null }).credential;
        return found?.status === 'ERROR' ? found : undefined;
      });
      expect(seen).toEqual({ status: 'ERROR', error: reason, downloadUrl: null });
      // Not retried: one attempt, no job left to run it again.
      const rows = await query<{ attempts: number; storage_key: string | null }>(
        app,
        'select attempts, storage_key from credential where id = $1',
        [id],
      );
      expect(rows).toEqual([{ attempts: 1, storage_key: null }]);

      // Once the name is corrected, a retry issues it with the new name.
      await ok(
        app.gql(
          UpsertLearnerDocument,
          { input: { id: 'runic', name: 'Ann Smith' } },
          app.ingestToken,
        ),
      );
      await ok(app.gql(RetryCredentialDocument, { id }, app.adminToken));
      const issuedNow = await reaches(app, id, 'AVAILABLE');
      expect(issuedNow).toMatchObject({ learnerName: 'Ann Smith', error: null });
    });
  });
});

describe('PDF structure and metadata', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await renderCredentialPdf(input('प्रिया محمد Zoë 李', 'Введение'));
  });

  it('passes qpdf --check (qpdf compiled to WebAssembly)', async () => {
    const checked = await qpdfCheck(pdf);
    expect(checked.status).toBe(0);
    expect(checked.output).toContain('No syntax or stream encoding errors found');
    // The check can fail: the same file without its cross-reference trailer does.
    const truncated = await qpdfCheck(pdf.subarray(0, pdf.length - 60));
    expect(truncated.status).not.toBe(0);
    expect(truncated.output).toContain("can't find startxref");
  });

  it('has title, author (the organization), subject, keywords, dates and XMP', async () => {
    const read = await readPdf(pdf);
    await read.destroy();
    expect(read.info).toMatchObject({
      Title: 'Certificate of Completion: प्रिया محمد Zoë 李',
      Author: 'Université de Genève',
      Subject: 'V7K2-9QXP-4M3T',
      Keywords: 'Certificate of Completion, Введение, V7K2-9QXP-4M3T, certificate',
      CreationDate: 'D:20261123100000Z',
    });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const metadata = rawStream(doc.catalog.lookup(PDFName.of('Metadata')));
    expect(metadata.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('XML'));
    const xmp = Buffer.from(metadata.contents).toString('utf8');
    expect(xmp).toContain(
      '<rdf:li xml:lang="x-default">Certificate of Completion: प्रिया محمد Zoë 李</rdf:li>',
    );
    expect(xmp).toContain(
      '<dc:creator><rdf:Seq><rdf:li>Université de Genève</rdf:li></rdf:Seq></dc:creator>',
    );
    expect(xmp).toContain('<xmp:CreateDate>2026-11-23T10:00:00.000Z</xmp:CreateDate>');
  });

  it('marks each line with its logical text as /ActualText', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const contents = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFRawStream => object instanceof PDFRawStream)
      .filter((stream) => stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode'))
      .map((stream) => inflateSync(stream.contents).toString('latin1'))
      .join('\n');
    const hex = 'प्रिया محمد Zoë 李'
      .split('')
      .map((unit) => unit.charCodeAt(0).toString(16).padStart(4, '0'))
      .join('');
    expect(contents).toContain(`/Span << /ActualText <feff${hex}> >> BDC`);
  });

  it('embeds every font it uses, each with a ToUnicode map', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object): object is PDFDict =>
          object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type0'),
      );
    expect(fonts.length).toBeGreaterThanOrEqual(4); // Latin, Devanagari, Arabic, CJK
    for (const font of fonts) {
      const toUnicode = rawStream(font.lookup(PDFName.of('ToUnicode')));
      expect(inflateSync(toUnicode.contents).toString('latin1')).toContain('beginbfchar');
      const [cid] = (font.lookup(PDFName.of('DescendantFonts'), PDFArray) as PDFArray).asArray();
      const descriptor = doc.context
        .lookup(cid, PDFDict)
        .lookup(PDFName.of('FontDescriptor'), PDFDict);
      const file =
        descriptor.get(PDFName.of('FontFile2')) ?? descriptor.get(PDFName.of('FontFile3'));
      expect(file).toBeDefined();
    }
  });
});
