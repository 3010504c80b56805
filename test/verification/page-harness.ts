import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { CredentialSeeder, siteOf } from './helpers';

/** A running Laurel, a credential seeder and a fresh browser page per test. */
export interface PageHarness {
  app: TestApp;
  seeder: CredentialSeeder;
  page: Page;
  /** Dialogs (alert, confirm) opened by any page: injected script would open one. */
  readonly dialogs: string[];
  /** Console errors, among them CSP violations. */
  readonly consoleErrors: string[];
  /** Opens `/verify/<verificationId>`. */
  open(verificationId: string): Promise<Response>;
  text(selector: string): Promise<string | null>;
}

/** Registers the hooks that keep a `PageHarness` ready for each test of the file. */
export function verificationPageHarness(): PageHarness {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const harness = {
    dialogs: [] as string[],
    consoleErrors: [] as string[],
    async open(verificationId: string) {
      const response = await harness.page.goto(`${siteOf(harness.app)}/verify/${verificationId}`);
      if (response === null) throw new Error('no response');
      return response;
    },
    text: (selector: string) => harness.page.locator(selector).textContent(),
  } as PageHarness;

  beforeAll(async () => {
    harness.app = await startTestApp({ VERIFY_RATE_LIMIT: '100000' });
    harness.seeder = new CredentialSeeder(harness.app);
    await harness.seeder.start();
    browser = await launchChromium();
  }, 120_000); // the first run inflates the npm Chromium (about 200 MB)
  afterAll(async () => {
    await browser?.close();
    await harness.seeder?.stop();
    await harness.app?.stop();
  });
  beforeEach(async () => {
    harness.dialogs.length = 0;
    harness.consoleErrors.length = 0;
    context = await browser!.newContext();
    harness.page = await context.newPage();
    harness.page.on('dialog', (dialog) => {
      harness.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    harness.page.on('console', (message) => {
      if (message.type() === 'error') harness.consoleErrors.push(message.text());
    });
  });
  afterEach(async () => {
    await context?.close();
  });
  return harness;
}
