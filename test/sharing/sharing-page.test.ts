/**
 * Sharing on the verification page in a real browser: the Open Badges 3.0 check, drop (or
 * pick) a badge to verify it, the LinkedIn link and the link-preview tags of public credentials.
 */
import type { Page } from 'playwright-core';
import { bakePng } from '../../src/modules/openbadges/core';
import { SetCredentialVisibilityDocument } from '../operations/generated';
import { ok } from '../progress/helpers';
import type { TestApp } from '../support/app';
import {
  COURSE_TITLE,
  CONFIGURATION_NAME,
  CredentialSeeder,
  type SeededCredential,
  siteOf,
} from '../verification/helpers';
import { verificationPageHarness } from '../verification/page-harness';
import { expectLinkedInLink, type Json, openBadgeOf, tampered, tinyPng } from './helpers';

const XSS_NAME = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

const harness = verificationPageHarness();
const { dialogs, consoleErrors, open, text } = harness;
let app: TestApp;
let seeder: CredentialSeeder;
let page: Page;
beforeAll(() => {
  ({ app, seeder } = harness);
});
beforeEach(() => {
  ({ page } = harness);
});
const meta = (selector: string) => page.locator(selector).getAttribute('content');

async function makePublic(credential: SeededCredential): Promise<void> {
  const { rows } = await seeder.query('select learner_id from credential where id = $1', [
    credential.id,
  ]);
  const learner = await app.token({ subject: (rows[0] as { learner_id: string }).learner_id });
  await ok(app.gql(SetCredentialVisibilityDocument, { id: credential.id, public: true }, learner));
}

/** Drops `bytes` as a file named `name` on the page, as a user dragging it from the desktop. */
async function drop(name: string, mimeType: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, fileName, type }) => {
      const transfer = new DataTransfer();
      const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([data], fileName, { type }));
      return transfer;
    },
    { base64: bytes.toString('base64'), fileName: name, type: mimeType },
  );
  await page.dispatchEvent('#badge-drop', 'drop', { dataTransfer });
}

const badgeResult = async (result: 'verified' | 'not-verified' | 'error') => {
  await page.locator(`#badge-result[data-result="${result}"]`).waitFor({ timeout: 10_000 });
  return (await text('#badge-result'))!;
};

describe('a private credential', () => {
  let credential: SeededCredential;
  beforeAll(async () => {
    credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Private Person' });
  });

  it('shows the Open Badges 3.0 check: verified, signature valid, current, the issuer DID', async () => {
    const response = await open(credential.verificationId);
    expect(response.status()).toBe(200);
    expect(await text('#ob-verified')).toBe('Verified');
    expect(await text('#ob-signature')).toBe('Valid');
    expect(await text('#ob-status')).toBe('Not revoked');
    expect(await text('#ob-expiry')).toBe('Current');
    expect(await text('#ob-issuer')).toMatch(/^did:key:z6Mk\w+$/);
    expect(await text('#ob-issuer')).toBe(
      ((await openBadgeOf(app, credential.id)).issuer as { id: string }).id,
    );
    expect(consoleErrors).toEqual([]);
  });

  it('stays noindex and offers no sharing, previews or badge downloads', async () => {
    const response = await open(credential.verificationId);
    expect(response.headers()['x-robots-tag']).toBe('noindex');
    expect(await meta('meta[name="robots"]')).toBe('noindex');
    for (const selector of ['#linkedin', '#ob-json', '#ob-png', '#ob-svg']) {
      expect(await page.locator(selector).count()).toBe(0);
    }
    expect(await page.locator('meta[property^="og:"], meta[name^="twitter:"]').count()).toBe(0);
    expect(await response.text()).not.toContain('badge.png');
  });
});

describe('a public credential', () => {
  let credential: SeededCredential;
  beforeAll(async () => {
    credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Ada Lovelace' });
    await makePublic(credential);
  });

  it('offers "Add to LinkedIn" with the right fields', async () => {
    await open(credential.verificationId);
    const href = await page.locator('#linkedin').getAttribute('href');
    expectLinkedInLink(href!, app, credential.verificationId);
    expect(await page.locator('#linkedin').getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('carries Open Graph tags, may be indexed, and links the badge files', async () => {
    const response = await open(credential.verificationId);
    expect(response.headers()['x-robots-tag']).toBeUndefined();
    expect(await page.locator('meta[name="robots"]').count()).toBe(0);
    const vid = credential.verificationId;
    expect(await meta('meta[property="og:title"]')).toBe(`${CONFIGURATION_NAME}: ${COURSE_TITLE}`);
    expect(await meta('meta[property="og:description"]')).toBe(
      'Awarded to Ada Lovelace by Laurel on November 20, 2026.',
    );
    expect(await meta('meta[property="og:image"]')).toBe(
      `${app.config.publicUrl}/credentials/${vid}/badge.png`,
    );
    expect(await meta('meta[property="og:url"]')).toBe(`${app.config.publicUrl}/verify/${vid}`);
    expect(await meta('meta[name="twitter:card"]')).toBe('summary');
    const href = async (selector: string) =>
      new URL((await page.locator(selector).getAttribute('href'))!, page.url()).pathname;
    expect(await href('#ob-json')).toBe(`/credentials/${vid}/open-badge.json`);
    expect(await href('#ob-png')).toBe(`/credentials/${vid}/badge.png`);
    expect(await href('#ob-svg')).toBe(`/credentials/${vid}/badge.svg`);
  });

  it('escapes a learner name holding markup in the preview tags', async () => {
    const hostile = await seeder.insert({ status: 'AVAILABLE', learnerName: XSS_NAME });
    await makePublic(hostile);
    const response = await open(hostile.verificationId);
    expect(await meta('meta[property="og:description"]')).toBe(
      `Awarded to ${XSS_NAME} by Laurel on November 20, 2026.`,
    );
    expect(await page.locator('head script, head img, main img').count()).toBe(0);
    expect(await response.text()).toContain('&quot;&gt;&lt;script&gt;');
    expect(dialogs).toEqual([]);
  });
});

describe('drop to verify', () => {
  let credential: SeededCredential;
  let badge: Json;
  beforeAll(async () => {
    credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Dropped Badge' });
    badge = await openBadgeOf(app, credential.id);
  });

  it('verifies a dropped Open Badges JSON file', async () => {
    await open(credential.verificationId);
    await drop('badge.json', 'application/json', Buffer.from(JSON.stringify(badge)));
    const shown = await badgeResult('verified');
    expect(shown).toContain('“badge.json” is verified');
    expect(shown).toContain('Signature: valid');
    expect(shown).toContain(`Issuer: ${(badge.issuer as { id: string }).id}`);
    expect(consoleErrors).toEqual([]);
  });

  it('verifies a baked PNG badge picked with the file chooser', async () => {
    const png = bakePng(tinyPng(), JSON.stringify(badge));
    await open(credential.verificationId);
    await page.locator('#badge-input').setInputFiles({
      name: 'badge.png',
      mimeType: 'image/png',
      buffer: png,
    });
    expect(await badgeResult('verified')).toContain('“badge.png” is verified');
  });

  it('verifies a dropped baked PNG, even from a page of another credential', async () => {
    const other = await seeder.insert({ status: 'REVOKED', reason: 'Issued in error' });
    await open(other.verificationId);
    await drop('baked.png', 'image/png', bakePng(tinyPng(), JSON.stringify(badge)));
    expect(await badgeResult('verified')).toContain('“baked.png” is verified');
  });

  it('posts to /verify/open-badge also from an address ending in a slash', async () => {
    await page.goto(`${siteOf(app)}/verify/${credential.verificationId}/`);
    await drop('badge.json', 'application/json', Buffer.from(JSON.stringify(badge)));
    expect(await badgeResult('verified')).toContain('“badge.json” is verified');
  });

  it('says a tampered JSON is not verified', async () => {
    await open(credential.verificationId);
    await drop('tampered.json', 'application/json', Buffer.from(JSON.stringify(tampered(badge))));
    const shown = await badgeResult('not-verified');
    expect(shown).toContain('“tampered.json” is not verified');
    expect(shown).toContain('Signature: invalid');
    expect(shown).not.toContain('is verified');
  });

  it('explains a file that is no badge, and shows its name as text', async () => {
    await open(credential.verificationId);
    await drop('<img src=x onerror=alert(5)>.txt', 'text/plain', Buffer.from('hello'));
    const shown = await badgeResult('error');
    expect(shown).toContain('could not be checked: The file is neither an Open Badges 3.0');
    expect(shown).toContain('<img src=x onerror=alert(5)>.txt');
    expect(await page.locator('#badge-result img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
