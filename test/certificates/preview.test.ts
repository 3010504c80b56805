import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openOrm, type Orm } from '../../src/db/orm';
import { CertificatePreviewService } from '../../src/modules/certificates';
import type { Viewer } from '../../src/shared/access';
import {
  IssueCredentialDocument,
  PreviewCertificateDocument,
  PreviewCertificateLayoutDocument,
  PreviewCertificatePagesDocument,
  PreviewCertificatePngDocument,
  UpdateConfigurationDocument,
} from '../operations/generated';
import { ok, query } from '../progress/helpers';
import { courseWithConfiguration, type Course10, FAST_JOBS, reaches } from '../issuance/helpers';
import { PDFDocument } from 'pdf-lib';
import { errorsOf, uploadAsset } from '../issuers/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { openPdf } from '../support/pdfjs';
import { qpdfCheck } from '../support/qpdf';

/** previewCertificate and its HTTP route: the issued render plus a stamp, rights, no rows. */
let app: TestApp;
let orm: Orm;
let course: Course10;
beforeAll(async () => {
  app = await startTestApp({ ...FAST_JOBS, PREVIEW_RATE_LIMIT: '6' });
  orm = await openOrm({ url: app.databaseUrl });
  course = await courseWithConfiguration(app, ['ada'], { autoIssue: false });
  await ok(
    app.gql(
      UpdateConfigurationDocument,
      { id: course.configurationId, input: { enabled: false } },
      app.adminToken,
    ),
  );
});
afterAll(async () => {
  await orm.close();
  await app.stop();
});

const ADMIN: Viewer = {
  learnerId: null,
  isAdmin: true,
  canIngest: false,
  staffCourses: new Set(),
  staffPaths: new Set(),
  expiresAt: null,
};

/** Rows of every table but the rate-limit windows (a preview counts against its budget). */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await query<{ schema: string; name: string }>(
    app,
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'
       and table_name <> 'rate_limit_window' order by 1, 2`,
  );
  const sql = tables
    .map(
      ({ schema, name }) =>
        `select '${schema}.${name}' as t, count(*)::int as n from "${schema}"."${name}"`,
    )
    .join(' union all ');
  const counts: Record<string, number> = {};
  for (const row of await query<{ t: string; n: number }>(app, sql)) counts[row.t] = row.n;
  return counts;
}

async function pageText(pdf: Uint8Array): Promise<string[]> {
  const document = await openPdf(pdf);
  try {
    const content = await (await document.getPage(1)).getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s !== '');
  } finally {
    await document.destroy();
  }
}

/** Where pdf.js, an independent reader, finds `text` on page 1: its origin and width. */
async function textPlacement(pdf: Uint8Array, text: string) {
  const document = await openPdf(pdf);
  try {
    const content = await (await document.getPage(1)).getTextContent();
    const item = content.items.find((entry) => 'str' in entry && entry.str === text);
    if (!item || !('str' in item)) throw new Error(`"${text}" is not on page 1`);
    return { x: item.transform[4] as number, y: item.transform[5] as number, width: item.width };
  } finally {
    await document.destroy();
  }
}

const pdfOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

describe('previewCertificate', () => {
  it('renders a disabled configuration with a PREVIEW stamp and writes no row', async () => {
    const before = await rowCounts();
    const vars = { configurationId: course.configurationId, learnerName: '  Ada Lovelace ' };
    const { previewCertificate: preview } = await ok(
      app.gql(PreviewCertificateDocument, vars, app.adminToken),
    );
    expect(preview).toMatchObject({
      learnerName: 'Ada Lovelace',
      locale: 'en',
      verificationId: '00000000-0000-0000-0000-000000000000',
    });
    const pdf = pdfOf(preview!.pdfBase64);
    expect(pdf.byteLength).toBe(preview!.byteLength);
    const text = await pageText(pdf);
    expect(text).toEqual(expect.arrayContaining(['Ada Lovelace', 'PREVIEW']));
    expect(await rowCounts()).toEqual(before);

    // The route serves the same bytes (the preview is dated by the day), and page 1 as PNG.
    const headers = { authorization: `Bearer ${app.adminToken}` };
    const file = await fetch(preview!.pdfUrl.replace(app.config.publicUrl, base()), { headers });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    const png = await fetch(`${preview!.pngUrl.replace(app.config.publicUrl, base())}&width=300`, {
      headers,
    });
    expect(png.headers.get('content-type')).toBe('image/png');
    const pngBytes = Buffer.from(await png.arrayBuffer());
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(pngBytes.readUInt32BE(16)).toBe(300);

    const small = await ok(
      app.gql(PreviewCertificatePngDocument, { ...vars, width: 200 }, app.adminToken),
    );
    expect(Buffer.from(small.previewCertificate!.pngBase64, 'base64').readUInt32BE(16)).toBe(200);
    expect(await rowCounts()).toEqual(before);
  });

  it('is byte for byte the certificate issued once enabled, plus the stamp', async () => {
    await ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: course.configurationId, input: { enabled: true } },
        app.adminToken,
      ),
    );
    const issued = await ok(
      app.gql(
        IssueCredentialDocument,
        { configurationId: course.configurationId, learnerId: 'ada', force: true },
        app.adminToken,
      ),
    );
    const credential = await reaches(app, issued.issueCredential.id, 'AVAILABLE');
    const response = await fetch(`${base()}/credentials/${credential.id}/pdf`, {
      headers: { authorization: `Bearer ${app.adminToken}` },
    });
    const issuedPdf = new Uint8Array(await response.arrayBuffer());

    // The preview path with the credential's own date and verification id.
    const service = new CertificatePreviewService(orm.em.fork(), {
      previews: app.laurel.issuance.previews,
      limiter: null,
    });
    const preview = await service.preview(
      { viewer: ADMIN, clientAddress: null },
      { configurationId: course.configurationId, learnerName: credential.learnerName },
      { issuedAt: new Date(credential.issuedAt!), verificationId: credential.verificationId },
    );
    expect(preview.pdf.byteLength).toBeGreaterThan(issuedPdf.byteLength);
    expect(Buffer.compare(preview.pdf.subarray(0, issuedPdf.byteLength), issuedPdf)).toBe(0);
    const stamp = Buffer.from(preview.pdf.subarray(issuedPdf.byteLength)).toString('latin1');
    expect(stamp).toContain('(PREVIEW) Tj');
    // The appended update is a well-formed PDF revision.
    expect(await qpdfCheck(preview.pdf)).toMatchObject({ status: 0 });
    expect(await pageText(preview.pdf)).toEqual([...(await pageText(issuedPdf)), 'PREVIEW']);

    // Through the query: the same text but for the date and the verification block.
    const { previewCertificate } = await ok(
      app.gql(
        PreviewCertificateDocument,
        { configurationId: course.configurationId, learnerName: credential.learnerName },
        app.adminToken,
      ),
    );
    const differs = (line: string) => /verif|\d{4}/i.test(line);
    const shown = await pageText(pdfOf(previewCertificate!.pdfBase64));
    const printed = await pageText(issuedPdf);
    expect(shown.filter((line) => !differs(line))).toEqual([
      ...printed.filter((line) => !differs(line)),
      'PREVIEW',
    ]);
  });

  it('has the rights of editing the configuration and checks its input', async () => {
    const vars = { configurationId: course.configurationId, learnerName: 'Ada' };
    const code = async (variables: typeof vars & { locale?: string }, token: string | null) =>
      (await app.gql(PreviewCertificateDocument, variables, token)).errors?.[0].extensions?.code;
    expect(await code(vars, null)).toBe('UNAUTHENTICATED');
    expect(await code(vars, await app.token({ subject: 'ada' }))).toBe('FORBIDDEN');
    const other = await app.token({ subject: 's2', staffCourses: ['course-v1:Other+X+2026'] });
    expect(await code(vars, other)).toBe('FORBIDDEN');
    const unknown = { ...vars, configurationId: '6f1c2f55-0000-4000-8000-000000000000' };
    expect(await code(unknown, app.adminToken)).toBe('NOT_FOUND');
    expect(await code({ ...vars, locale: 'not a locale' }, app.adminToken)).toBe('BAD_USER_INPUT');
    expect(await code({ ...vars, learnerName: 'x'.repeat(501) }, app.adminToken)).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code({ ...vars, learnerName: '   ' }, app.adminToken)).toBe('BAD_USER_INPUT');
    // A character no font can show: refused before anything is rendered for good.
    expect(await code({ ...vars, learnerName: 'Ada \u{13000}' }, app.adminToken)).toBe(
      'BAD_USER_INPUT',
    );

    const route = (token: string | null) =>
      fetch(`${base()}/configurations/${course.configurationId}/preview.pdf?learnerName=Ada`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const refused = await route(null);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await route(other)).status).toBe(403);

    // Staff of the course may, in another locale, until their budget (PREVIEW_RATE_LIMIT) ends.
    const staff = await app.token({ subject: 'staff', staffCourses: [course.courseId] });
    const french = await ok(app.gql(PreviewCertificateDocument, { ...vars, locale: 'fr' }, staff));
    expect(french.previewCertificate!.locale).toBe('fr');
    expect(await pageText(pdfOf(french.previewCertificate!.pdfBase64))).toContain(
      `${new Date().getUTCDate()} ${new Intl.DateTimeFormat('fr', { month: 'long', timeZone: 'UTC' }).format(new Date())} ${new Date().getUTCFullYear()}`,
    );
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await route(staff)).status);
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('tells where each template element was drawn, as a PDF reader finds it', async () => {
    const token = await app.token({ subject: 'layout', staffCourses: [course.courseId] });
    const vars = { configurationId: course.configurationId, learnerName: 'Ada Lovelace' };
    const layout = async () =>
      (await ok(app.gql(PreviewCertificateLayoutDocument, vars, token))).previewCertificate!;
    const setTemplate = (template: Record<string, unknown> | null) =>
      ok(
        app.gql(
          UpdateConfigurationDocument,
          { id: course.configurationId, input: { template } },
          app.adminToken,
        ),
      );

    // The built-in layout: the name centred, where the reader finds it.
    const builtin = await layout();
    expect([builtin.pageWidth, builtin.pageHeight, builtin.pageCount]).toEqual([841.89, 595.28, 1]);
    expect(builtin.elements.map((element) => element.name)).toEqual(
      expect.arrayContaining(['name', 'context', 'date', 'qr']),
    );
    const name = builtin.elements.find((element) => element.name === 'name')!;
    const drawn = await textPlacement(pdfOf(builtin.pdfBase64), 'Ada Lovelace');
    expect(drawn.x).toBeCloseTo(name.x, 2);
    expect(drawn.y).toBeCloseTo(name.y, 2);
    expect(drawn.width).toBeCloseTo(name.width, 1);
    expect(name.x + name.width / 2).toBeCloseTo(builtin.pageWidth / 2, 2);
    expect(name.height).toBeGreaterThan(name.size);

    // An x and y of the template's own come back exactly, and the text is drawn there.
    await setTemplate({ elements: { name: { x: 100, y: 200 }, qr: { x: 30, y: 40, size: 50 } } });
    try {
      const moved = await layout();
      expect(moved.elements.find((element) => element.name === 'name')).toMatchObject({
        page: 1,
        x: 100,
        y: 200,
        size: name.size,
      });
      expect(moved.elements.find((element) => element.name === 'qr')).toMatchObject({
        x: 30,
        y: 40,
        width: 50,
        height: 50,
        descent: 0,
      });
      const there = await textPlacement(pdfOf(moved.pdfBase64), 'Ada Lovelace');
      expect([there.x, there.y].map((n) => Math.round(n * 100) / 100)).toEqual([100, 200]);
    } finally {
      await setTemplate(null);
    }
  });
  it('shows each page of a template PDF, every one stamped, as a PNG of its own', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]); // a portrait cover
    doc.addPage([841.89, 595.28]); // the landscape page the name goes on
    await uploadAsset(app, 'two-pages', await doc.save());
    await ok(
      app.gql(
        UpdateConfigurationDocument,
        {
          id: course.configurationId,
          input: { template: { asset: 'two-pages', elements: { name: { page: 2, y: 300 } } } },
        },
        app.adminToken,
      ),
    );
    try {
      // A budget of its own (PREVIEW_RATE_LIMIT is 6 per caller here).
      const token = await app.token({ subject: 'pages', staffCourses: [course.courseId] });
      const vars = { configurationId: course.configurationId, learnerName: 'Ada Lovelace' };
      const pageOf = async (page: number) =>
        (await ok(app.gql(PreviewCertificatePagesDocument, { ...vars, page }, token)))
          .previewCertificate!;
      const second = await pageOf(2);
      expect(second.pageCount).toBe(2);
      expect(second.pages).toEqual([
        { number: 1, width: 595.28, height: 841.89 },
        { number: 2, width: 841.89, height: 595.28 },
      ]);
      expect(second.elements).toEqual([{ name: 'name', page: 2 }]);
      // PNG width and height (IHDR): each page at its own aspect.
      const sizeOf = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(sizeOf(Buffer.from(second.pngBase64, 'base64'))).toEqual([300, 213]);
      expect(sizeOf(Buffer.from((await pageOf(1)).pngBase64, 'base64'))).toEqual([300, 425]);
      const document = await openPdf(pdfOf(second.pdfBase64));
      try {
        for (const number of [1, 2]) {
          const content = await (await document.getPage(number)).getTextContent();
          expect(content.items.map((item) => ('str' in item ? item.str : ''))).toContain('PREVIEW');
        }
      } finally {
        await document.destroy();
      }

      const outside = await app.gql(PreviewCertificatePagesDocument, { ...vars, page: 3 }, token);
      expect(errorsOf(outside)).toEqual([{ code: 'BAD_USER_INPUT', field: 'page' }]);
      const headers = { authorization: `Bearer ${token}` };
      const route = second.pngUrl.replace(app.config.publicUrl, base());
      const png = await fetch(`${route}&width=300&page=2`, { headers });
      expect(sizeOf(Buffer.from(await png.arrayBuffer()))).toEqual([300, 213]);
      const refused = await fetch(`${route}&page=0`, { headers });
      expect(refused.status).toBe(400);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/page/);
    } finally {
      await ok(
        app.gql(
          UpdateConfigurationDocument,
          { id: course.configurationId, input: { template: null } },
          app.adminToken,
        ),
      );
    }
  });
});

it("docs/certificates.md's curl commands download the preview", async () => {
  const text = await fs.readFile('docs/certificates.md', 'utf8');
  const command = /<!-- preview-route:start -->\s*```bash\n([\s\S]*?)```/.exec(text)![1]!;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-docs-preview-'));
  try {
    const token = await app.token({ subject: 'docs', staffCourses: [course.courseId] });
    await promisify(execFile)('bash', ['-c', command], {
      cwd: dir,
      env: { ...process.env, LAUREL: base(), TOKEN: token, CONFIGURATION: course.configurationId },
    });
    expect((await fs.readFile(path.join(dir, 'preview.pdf'))).subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
    expect((await fs.readFile(path.join(dir, 'preview.png'))).readUInt32BE(16)).toBe(800);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

/** The app's own address (PUBLIC_URL may name another). */
function base(): string {
  return app.laurel.url.replace(/\/graphql$/, '');
}
