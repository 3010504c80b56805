/**
 * The public verification page in a real browser driven by playwright-core: the system's
 * Chromium when it has one, else the one the @sparticuz/chromium npm package ships
 * (test/support/browser.ts).
 */
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import {
  COURSE_TITLE,
  CONFIGURATION_NAME,
  CredentialSeeder,
  fakePdf,
  type SeededCredential,
  siteOf,
} from './helpers';
import { verificationPageHarness } from './page-harness';

const XSS_NAME = '<script>alert(1)</script><img src=x onerror="alert(2)">';

const harness = verificationPageHarness();
const { dialogs, consoleErrors, open, text } = harness;
let seeder: CredentialSeeder;
let page: Page;
beforeAll(() => {
  ({ seeder } = harness);
});
beforeEach(() => {
  ({ page } = harness);
});

/** Waits until the in-browser file check shows `result` (fails on timeout). */
const fileResult = (result: 'match' | 'mismatch') =>
  page.locator(`#file-result[data-result="${result}"]`).waitFor({ timeout: 5000 });

describe('GET /verify/<verificationId> in Chromium', () => {
  let valid: SeededCredential;
  beforeAll(async () => {
    valid = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Zoë Ångström' });
  });

  it('shows a VALID credential with its data, hash, signature and download link', async () => {
    const response = await open(valid.verificationId);
    expect(response.status()).toBe(200);
    expect(await text('#status')).toBe('Valid');
    expect(await text('#learner-name')).toBe('Zoë Ångström');
    expect(await text('#credential-name')).toBe(CONFIGURATION_NAME);
    expect(await text('#context-title')).toBe(COURSE_TITLE);
    expect(await text('#issued-at')).toBe('November 20, 2026');
    expect(await text('#sha256')).toBe(valid.sha256);
    expect(await text('#signature')).toBe('Valid');
    expect(await page.locator('#signature-warning').count()).toBe(0);
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');

    const href = await page.locator('#download').getAttribute('href');
    expect(href).toBe(`${valid.verificationId}/pdf`);
    const download = await page.request.get(new URL(href!, page.url()).toString());
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body())).toEqual(valid.pdf);
  });

  it('isolates a name holding directional controls and shows none of them', async () => {
    const spoofed = await seeder.insert({
      status: 'AVAILABLE',
      learnerName: 'Eve \u202eevil\u202c \u2067x',
    });
    await open(spoofed.verificationId);
    const name = page.locator('#learner-name bdi');
    expect(await name.textContent()).toBe('Eve evil x');
    expect(await name.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe('isolate');
    expect(await page.content()).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
  });

  it('sends a strict Content-Security-Policy whose nonce lets only its own script and style run', async () => {
    const response = await open(valid.verificationId);
    const csp = response.headers()['content-security-policy']!;
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'nonce-${nonce}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('script').getAttribute('nonce')).not.toBeNull();
    // Another request gets another nonce.
    const again = await open(valid.verificationId);
    expect(again.headers()['content-security-policy']).not.toBe(csp);
    expect(response.headers()['x-robots-tag']).toBe('noindex');
    // The page loaded nothing from elsewhere and broke no rule of its own policy.
    expect(consoleErrors).toEqual([]);
  });

  it('says "matches" for the issued PDF and "does not match" for another file', async () => {
    await open(valid.verificationId);
    const input = page.locator('#file-input');
    const result = page.locator('#file-result');

    await input.setInputFiles({
      name: 'certificate.pdf',
      mimeType: 'application/pdf',
      buffer: valid.pdf!,
    });
    await fileResult('match');
    expect(await result.textContent()).toContain('matches this credential');

    await input.setInputFiles({
      name: 'forged.pdf',
      mimeType: 'application/pdf',
      buffer: fakePdf('forged'),
    });
    await fileResult('mismatch');
    const mismatch = await result.textContent();
    expect(mismatch).toContain('does not match');
    expect(mismatch).not.toContain('matches this credential');
    expect(consoleErrors).toEqual([]);
  });

  it('shows a learner name holding HTML as text, and runs none of it', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE', learnerName: XSS_NAME });
    const response = await open(credential.verificationId);
    expect(response.status()).toBe(200);
    expect(await text('#learner-name')).toBe(XSS_NAME);
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(await response.text()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The file check still works: the page's own script ran.
    await page
      .locator('#file-input')
      .setInputFiles({ name: 'c.pdf', mimeType: 'application/pdf', buffer: credential.pdf! });
    await fileResult('match');
    expect(dialogs).toEqual([]);
  });

  it('escapes HTML in a file name shown by the file check', async () => {
    await open(valid.verificationId);
    await page.locator('#file-input').setInputFiles({
      name: '<img src=x onerror=alert(3)>.pdf',
      mimeType: 'application/pdf',
      buffer: valid.pdf!,
    });
    await fileResult('match');
    expect(await page.locator('#file-result img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('warns when the signature does not match the record', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Ada Lovelace' });
    await seeder.query(`update credential set learner_name = 'Ada Byron' where id = $1`, [
      credential.id,
    ]);
    await open(credential.verificationId);
    expect(await text('#signature')).toBe('Invalid');
    expect(await page.locator('#signature-warning').isVisible()).toBe(true);
  });

  it.each([
    ['INVALIDATED', 'Invalidated', 'Name corrected'],
    ['REVOKED', 'Revoked', 'Issued in error <b>by mistake</b>'],
  ] as const)(
    'shows a %s credential with its reason (200), without the name, hash, download or file check',
    async (status, label, reason) => {
      const credential = await seeder.insert({ status, reason, learnerName: `Former ${status}` });
      const response = await open(credential.verificationId);
      expect(response.status()).toBe(200);
      expect(await text('#status')).toBe(label);
      expect(await text('#reason')).toBe(reason);
      expect(await text('#credential-name')).toBe(CONFIGURATION_NAME);
      const html = await page.content();
      expect(html).not.toContain(credential.learnerName);
      expect(html).not.toContain(credential.sha256!);
      for (const selector of ['#sha256', '#download', '#file-input', '#learner-name', 'b']) {
        expect(await page.locator(selector).count()).toBe(0);
      }
    },
  );

  it.each(['PENDING', 'GENERATING', 'ERROR'] as const)(
    'answers 404 with no private data for a %s credential',
    async (status) => {
      const credential = await seeder.insert({ status, learnerName: `Secret ${status} Learner` });
      const response = await open(credential.verificationId);
      expect(response.status()).toBe(404);
      expect(await text('#status')).toBe('Not found');
      const html = await page.content();
      expect(html).not.toContain('Secret');
      expect(html).not.toContain(CONFIGURATION_NAME);
      expect(html).not.toContain(COURSE_TITLE);
      expect(html).not.toContain(credential.verificationId);
      expect(await page.locator('#file-input').count()).toBe(0);
    },
  );

  it.each([
    ['an unknown ID', '5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44'],
    ['a malformed ID', 'not-a-uuid'],
    ['markup in the ID', encodeURIComponent('<script>alert(4)</script>')],
  ])('answers 404 for %s without echoing it', async (_label, id) => {
    const response = await open(id);
    expect(response.status()).toBe(404);
    expect(await text('#status')).toBe('Not found');
    expect(await page.content()).not.toContain(decodeURIComponent(id));
    expect(dialogs).toEqual([]);
  });
});

describe('rate limit of the page', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ VERIFY_RATE_LIMIT: '3' });
  });
  afterAll(() => limited.stop());

  it('answers 429 with Retry-After once the budget is spent', async () => {
    const url = `${siteOf(limited)}/verify/5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await page.goto(url))!.status());
    expect(statuses).toEqual([404, 404, 404]);

    const refused = (await page.goto(url))!;
    expect(refused.status()).toBe(429);
    const retryAfter = Number(refused.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await page.locator('h1').textContent()).toBe('Too many requests');
  });
});
