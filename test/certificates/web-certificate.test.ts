import { PDFDocument, rgb } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { UpdateConfigurationDocument } from '../operations/generated';
import { courseWithConfiguration, progress, reaches } from '../issuance/helpers';
import { uploadAsset } from '../issuers/helpers';
import { ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { CredentialSeeder, type SeededCredential, siteOf } from '../verification/helpers';

/**
 * The web certificate in a real browser (desktop and phone widths, print to one page), its
 * withdrawn and private answers, and the languages of it and of the verification page.
 */
let app: TestApp;
let seeder: CredentialSeeder;
let browser: Browser;
let shown: SeededCredential;
let revoked: SeededCredential;
let hidden: SeededCredential;
const NAME = 'Ada <b>Lovelace</b> & "Byron"';

beforeAll(async () => {
  app = await startTestApp({ VERIFY_RATE_LIMIT: '100000' });
  seeder = new CredentialSeeder(app);
  await seeder.start();
  await seeder.query(
    `update credential_configuration set tier = 1, locale = 'fr', signatories = $1`,
    [
      JSON.stringify([
        { name: 'Grace Hopper', title: 'Dean', organization: null, signatureAssetId: null },
        { name: 'Alan Turing', title: 'Director', organization: null, signatureAssetId: null },
      ]),
    ],
  );
  await seeder.query(`insert into organization_profile (key, name) values ('instance', $1)`, [
    'Open University',
  ]);
  shown = await seeder.insert({ status: 'AVAILABLE', learnerName: NAME });
  await seeder.query(`update credential set public = true where id = $1`, [shown.id]);
  revoked = await seeder.insert({ status: 'REVOKED', reason: 'Issued by mistake <i>' });
  hidden = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Private Person' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await seeder?.stop();
  await app?.stop();
});

const url = (path: string) => `${siteOf(app)}${path}`;

/** A page of the given size, failing on any console error (CSP violations among them). */
async function open(
  path: string,
  viewport: { width: number; height: number },
  locale = 'en-US',
): Promise<{ page: Page; status: number; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const response = await page.goto(url(path));
  return { page, status: response?.status() ?? 0, errors };
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

const KEY_ELEMENTS = [
  '#organization',
  '#certificate-heading',
  '#learner-name',
  '#title',
  '#issued-at',
  '.signatory-name',
  '.qr',
  '#verification-id',
  '.seal',
  '#status',
  '#download',
  '#linkedin',
  '#badge-png',
];

describe('the web certificate', () => {
  it('shows the certificate at a desktop and a phone width, and prints to one page', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 740 },
    ]) {
      const { page, status, errors } = await open(
        `/certificates/${shown.verificationId}`,
        viewport,
      );
      expect(status).toBe(200);
      for (const selector of KEY_ELEMENTS) {
        await expect(page.locator(selector).first().isVisible()).resolves.toBe(true);
      }
      // Typed text is text, not markup.
      expect((await page.locator('#learner-name').textContent())?.trim()).toBe(NAME);
      expect(await page.locator('#learner-name b').count()).toBe(0);
      expect(await page.locator('#certificate-heading').textContent()).toBe(
        'Certificate of Achievement',
      );
      expect(await page.locator('.signatory-name').allTextContents()).toEqual([
        'Grace Hopper',
        'Alan Turing',
      ]);
      const nameFont = await page
        .locator('#learner-name')
        .evaluate((element) => getComputedStyle(element).fontFamily);
      expect(nameFont).toMatch(/serif/i);
      await noHorizontalOverflow(page);
      expect(errors).toEqual([]);

      if (viewport.width > 1000) {
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const document = await PDFDocument.load(pdf);
        expect(document.getPageCount()).toBe(1);
        const [width, height] = [document.getPage(0).getWidth(), document.getPage(0).getHeight()];
        expect(Math.round(width)).toBe(842); // A4 landscape, in points
        expect(Math.round(height)).toBe(595);
      }
      await page.context().close();
    }
  });

  it('shows a certificate over a template PDF of its own as its issued page, printed to one page', async () => {
    const doc = await PDFDocument.create();
    doc
      .addPage([595.28, 841.89]) // A4 portrait
      .drawRectangle({ x: 40, y: 40, width: 515, height: 762, borderColor: rgb(0.1, 0.3, 0.6) });
    await uploadAsset(app, 'own-diploma', await doc.save());
    const course = await courseWithConfiguration(app, ['own-1']);
    const template = { asset: 'own-diploma', elements: { name: { y: 420, size: 30 } } };
    await ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: course.configurationId, input: { template } },
        app.adminToken,
      ),
    );
    await progress(app, course, ['own-1'], 10);
    const [{ id }] = await query<{ id: string }>(
      app,
      'select id from credential where learner_id = $1',
      ['own-1'],
    );
    const issued = await reaches(app, id, 'AVAILABLE', 30_000);
    await query(app, 'update credential set public = true where id = $1', [id]);

    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 740 },
    ]) {
      const { page, status, errors } = await open(
        `/certificates/${issued.verificationId}`,
        viewport,
      );
      expect(status).toBe(200);
      const image = page.locator('#certificate-image');
      await expect(image.isVisible()).resolves.toBe(true);
      expect(await image.getAttribute('alt')).toContain('Learner own-1');
      // The issued page drawn (portrait), not the built-in design's HTML.
      const size = await image.evaluate((element: HTMLImageElement) => [
        element.naturalWidth,
        element.naturalHeight,
      ]);
      expect(size).toEqual([1000, 1415]);
      expect(await page.locator('#learner-name').count()).toBe(0);
      await expect(page.locator('#download').isVisible()).resolves.toBe(true);
      await noHorizontalOverflow(page);
      expect(errors).toEqual([]);
      if (viewport.width > 1000) {
        const pdf = await PDFDocument.load(
          await page.pdf({ preferCSSPageSize: true, printBackground: true }),
        );
        expect(pdf.getPageCount()).toBe(1);
        expect([pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()].map(Math.round)).toEqual([
          595, 842,
        ]);
      }
      await page.context().close();
    }
  });

  it('says a revoked certificate was revoked instead of showing it', async () => {
    const { page, status } = await open(`/certificates/${revoked.verificationId}`, {
      width: 1280,
      height: 900,
    });
    expect(status).toBe(410);
    expect(await page.locator('#certificate').count()).toBe(0);
    await expect(page.locator('#withdrawn').isVisible()).resolves.toBe(true);
    expect(await page.locator('#reason').textContent()).toBe('Issued by mistake <i>');
    expect(await page.locator('#status').getAttribute('data-status')).toBe('REVOKED');
    await page.context().close();
  });

  it('shows a private certificate only to its learner, staff and admins', async () => {
    const page = (token?: string) =>
      fetch(url(`/certificates/${hidden.verificationId}`), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const anonymous = await page();
    expect(anonymous.status).toBe(401);
    const body = await anonymous.text();
    expect(body).toContain('data-code="UNAUTHENTICATED"');
    expect(body).not.toContain('Private Person');
    expect(anonymous.headers.get('content-security-policy')).toContain("default-src 'none'");
    const stranger = await page(await app.token({ subject: 'someone-else' }));
    expect(stranger.status).toBe(403);
    const admin = await page(app.adminToken);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('Private Person');
    expect((await fetch(url('/certificates/not-a-uuid'))).status).toBe(404);
  });

  it('speaks the credential’s locale, the browser’s, or the one chosen in the selector', async () => {
    // No Accept-Language: the configuration's locale (fr).
    const plain = await (await fetch(url(`/certificates/${shown.verificationId}`))).text();
    expect(plain).toMatch(/<html lang="fr" dir="ltr"/);
    expect(plain).toContain('Certificat de réussite');

    const { page } = await open(
      `/certificates/${shown.verificationId}`,
      { width: 1280, height: 900 },
      'de-DE',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('#print').textContent()).toBe('Drucken');
    await page.locator('#language summary').click();
    await page.locator('#language a[data-lang="ar"]').click();
    await page.waitForURL(/\?lang=ar$/);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#print').textContent()).toBe('طباعة');
    await noHorizontalOverflow(page);
    // The verification link keeps the choice, and the verification page speaks it too.
    await page.locator('#verify-link').click();
    await page.waitForURL(/\/verify\/[0-9a-f-]+\?lang=ar$/);
    expect(await page.locator('h1').textContent()).toBe('التحقق من الشهادة');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.context().close();

    const spanish = await fetch(url(`/verify/${shown.verificationId}`), {
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    const html = await spanish.text();
    expect(html).toMatch(/<html lang="es"/);
    expect(html).toContain('Credencial válida');
    // The file check's script speaks it too.
    expect(html).toContain('coincide con esta credencial');
    expect(html).toContain(`../certificates/${shown.verificationId}`);
  });
});
