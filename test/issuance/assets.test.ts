import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { CreateConfigurationDocument, UpdateConfigurationDocument } from '../operations/generated';
import { completion, ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, FAST_JOBS, progress, reaches } from './helpers';

/** PUT /assets/<slug>, template validation against uploaded assets, and rendering with them. */
let app: TestApp;
let base: string;
beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
  base = app.laurel.url.replace(/\/graphql$/, '');
});
afterAll(() => app.stop());

const FONT = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');

async function templatePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([600, 400]);
  doc.addPage([600, 400]);
  return doc.save();
}

const put = (slug: string, body: Uint8Array | string, token: string | null = app.adminToken) =>
  fetch(`${base}/assets/${slug}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });

describe('PUT /assets/:slug', () => {
  it('stores a PDF or a font for admins, creating then replacing the asset', async () => {
    const pdf = await templatePdf();
    const created = await put('diploma', pdf);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      slug: 'diploma',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    expect((await put('diploma', pdf)).status).toBe(200);
    const font = await readFile(FONT);
    const stored = await put('brand-serif', font);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ contentType: 'font/ttf', size: font.length });
    expect(await query(app, 'select slug, storage_key from asset order by slug')).toEqual([
      { slug: 'brand-serif', storage_key: 'assets/brand-serif' },
      { slug: 'diploma', storage_key: 'assets/diploma' },
    ]);
  });

  it('refuses anonymous callers, non-admins, bad slugs, unknown types and large files', async () => {
    const pdf = await templatePdf();
    expect((await put('x', pdf, null)).status).toBe(401);
    expect((await put('x', pdf, await app.token({ subject: 'learner' }))).status).toBe(403);
    expect((await put('.hidden', pdf)).status).toBe(400);
    expect((await put('sans', pdf)).status).toBe(400);
    const text = await put('readme', 'just some text');
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    expect((await put('broken', '%PDF-1.7 not really')).status).toBe(400);
    const large = new Uint8Array(5 * 1024 * 1024 + 1);
    large.set(Buffer.from('%PDF-'));
    expect((await put('large', large)).status).toBe(413);
  });
});

describe('templates', () => {
  it('are validated on save: the template itself, unknown and mistyped assets', async () => {
    const course = await courseWithConfiguration(app, ['t1']);
    const update = (template: unknown) =>
      app.gql(
        UpdateConfigurationDocument,
        { id: course.configurationId, input: { template } },
        app.adminToken,
      );
    const bad = await update({ elements: { name: { color: '#12' } } });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template.elements.name.color',
    });
    const unknown = await update({ asset: 'no-such-asset', elements: { name: { y: 200 } } });
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template.asset',
    });
    expect(unknown.errors?.[0].message).toContain('no-such-asset');
    const font = await update({ elements: { name: { font: 'missing-font' } } });
    expect(font.errors?.[0].extensions).toMatchObject({ field: 'template.elements.name.font' });
    await put('a-font', await readFile(FONT));
    const mistyped = await update({ asset: 'a-font', elements: { name: { y: 200 } } });
    expect(mistyped.errors?.[0].extensions).toMatchObject({ field: 'template.asset' });
    expect(mistyped.errors?.[0].message).toContain('not a PDF');

    expect((await update(null)).errors).toBeUndefined();
    const create = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: 'Other',
          courseId: course.courseId,
          requirements: [completion(0.5)],
          template: { asset: 'nope' },
        },
      },
      app.adminToken,
    );
    expect(create.errors?.[0].extensions).toMatchObject({ field: 'template.asset' });
  });

  it('refuse an element on a page the template does not have, naming it and the page count', async () => {
    await put('two-page-form', await templatePdf());
    const course = await courseWithConfiguration(app, ['t3']);
    const update = (template: unknown) =>
      app.gql(
        UpdateConfigurationDocument,
        { id: course.configurationId, input: { template } },
        app.adminToken,
      );
    const storedTemplate = async () =>
      (
        await query<{ template: unknown }>(
          app,
          `select template from credential_configuration where id = '${course.configurationId}'`,
        )
      )[0].template;

    const beyond = await update({
      asset: 'two-page-form',
      elements: { name: { page: 2, y: 200 }, custom: [{ text: 'x', y: 10, page: 3 }] },
    });
    expect(beyond.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template.elements.custom.0.page',
    });
    expect(beyond.errors?.[0].message).toContain(
      'page 3 does not exist (the template has 2 pages)',
    );
    expect(await storedTemplate()).toBeNull();

    // The built-in layout has one page.
    const builtin = await update({ elements: { qr: { page: 2 } } });
    expect(builtin.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template.elements.qr.page',
    });
    expect(builtin.errors?.[0].message).toContain('the template has 1 page)');

    // A PDF stored before page counts were recorded is read once, and its count kept.
    await query(app, `update asset set page_count = null where slug = 'two-page-form'`);
    const legacy = await update({ asset: 'two-page-form', elements: { date: { page: 5, y: 1 } } });
    expect(legacy.errors?.[0].extensions).toMatchObject({ field: 'template.elements.date.page' });
    expect(await query(app, `select page_count from asset where slug = 'two-page-form'`)).toEqual([
      { page_count: 2 },
    ]);

    const create = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: 'Other',
          courseId: course.courseId,
          requirements: [completion(0.5)],
          template: { asset: 'two-page-form', elements: { name: { page: 4, y: 100 } } },
        },
      },
      app.adminToken,
    );
    expect(create.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template.elements.name.page',
    });
    await ok(update({ asset: 'two-page-form', elements: { name: { page: 2, y: 200 } } }));
  });

  it('render with the uploaded template PDF and font', async () => {
    await put('two-pages', await templatePdf());
    await put('bold-face', await readFile(FONT));
    const course = await courseWithConfiguration(app, ['t2']);
    await ok(
      app.gql(
        UpdateConfigurationDocument,
        {
          id: course.configurationId,
          input: {
            template: {
              asset: 'two-pages',
              defaults: { font: 'bold-face' },
              elements: { name: { page: 2, y: 200 }, qr: { page: 1, x: 20, y: 20 } },
            },
          },
        },
        app.adminToken,
      ),
    );
    await progress(app, course, ['t2'], 10);
    const [row] = await query<{ id: string }>(
      app,
      `select id from credential where learner_id = 't2'`,
    );
    const issued = await reaches(app, row.id, 'AVAILABLE');
    const storage = app.config.storage;
    if (storage.driver !== 'local') throw new Error('local storage expected');
    const pdf = await PDFDocument.load(
      await readFile(`${storage.root}/credentials/${issued.id}.pdf`),
    );
    expect(pdf.getPageCount()).toBe(2);
  });
});
