import fs from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { CONSOLE_CSP } from '../../src/server/console-routes';
import {
  ConfigurationDocument,
  PreviewCertificateLayoutDocument,
  UpdateConfigurationDocument,
  VerifyCredentialDocument,
} from '../operations/generated';
import { FAST_JOBS } from '../issuance/helpers';
import { uploadAsset } from '../issuers/helpers';
import {
  at,
  completions,
  done,
  enrollment,
  ok,
  query,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';

/**
 * The Laurel Console in a real Chromium against a real Laurel: sign in with a token, build a
 * two-tier rule with the form, watch the dashboard counters move live as progress arrives
 * through the API, retry a failed credential and revoke one from the learner view.
 */
let app: TestApp;
let browser: Browser;
let page: Page;
let site: string;
let preview = false;
const pageErrors: string[] = [];
const course = testCourse('course-v1:Console+C101+2026', { blocks: 10, title: 'Console 101' });
const learners = ['c-ann', 'c-bob', 'c-cat'];

beforeAll(async () => {
  // One attempt per credential: a storage failure is final at once (FAILED), then retried by hand.
  app = await startTestApp({ ...FAST_JOBS, JOB_RETRY_LIMIT: '0' });
  site = app.laurel.url.replace(/\/graphql$/, '');
  await upsertCourse(app, course);
  await upsertLearners(app, learners);
  // c-ann has done 5 of 10 blocks, c-bob 7, c-cat 8: a 60 % minimum qualifies two of them.
  const batch = [5, 7, 8].map((n, i) => ({ learner: learners[i], n }));
  await ok(
    record(app, {
      enrollments: learners.map((id) => enrollment(id, { courseId: course.id })),
      completions: batch.flatMap(({ learner, n }) => completions(learner, course, done(n))),
    }),
  );
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const counter = (panel: string, name: string) =>
  page.getByTestId(`panel-${panel}`).getByTestId(`count-${name}`);

async function counterReads(panel: string, name: string, value: string) {
  await expectText(counter(panel, name), value);
}

async function expectText(locator: ReturnType<Page['locator']>, value: string, timeout = 15_000) {
  await locator.filter({ hasText: new RegExp(`^${value}$`) }).waitFor({ timeout });
}

async function createTier(name: string, tier: string, minPercent: string) {
  await page.getByRole('button', { name: 'New credential' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Tier').fill(tier);
  await page.getByLabel('Minimum (%)').fill(minPercent);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByTestId('saved').waitFor();
}

describe('Laurel Console', () => {
  it('is served at /console with caching, an SPA fallback and a strict CSP', async () => {
    const index = await fetch(`${site}/console/courses/anything`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${site}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${site}/console/assets/missing.js`)).status).toBe(404);
  });

  it('signs in with a pasted token and builds a two-tier rule with the form', async () => {
    await page.goto(`${site}/console`);
    await page.getByLabel('Access token (JWT)').fill('not a token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This is not a JWT').waitFor();
    await page.getByLabel('Access token (JWT)').fill(app.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: 'admin-1 · admin' }).waitFor();

    await page.getByLabel('Search').fill('C101');
    await page.getByRole('link', { name: 'Console 101' }).click();
    await page.getByRole('heading', { name: 'Console 101' }).waitFor();

    // A bad minimum comes back from the API as a problem on that very field.
    await page.getByRole('button', { name: 'New credential' }).click();
    await page.getByLabel('Name').fill('Certificate of Completion');
    await page.getByLabel('Minimum (%)').fill('150');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('problems').getByText('requirements[0].min').waitFor();
    const minField = page.getByLabel('Minimum (%)');
    // …and beside the field, as its accessible description.
    const describedBy = (await minField.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(descriptions.join(' ')).toMatch(/min must be between 0 and 1/);
    expect(await minField.getAttribute('class')).toContain('is-invalid');

    // The what-if follows the minimum (when the server offers previewEligibility).
    await minField.fill('60');
    const whatIf = page.getByTestId('what-if-qualifying');
    preview = await Promise.race([
      whatIf.waitFor({ timeout: 10_000 }).then(() => true),
      page
        .getByText('cannot preview eligibility')
        .waitFor({ timeout: 10_000 })
        .then(() => false),
    ]);
    if (preview) {
      await expectText(whatIf, '2');
      await minField.fill('80');
      await expectText(whatIf, '1');
      await minField.fill('60');
      await expectText(whatIf, '2');
    }
    // Renewal without a validity: the API's problem, on the renewal field.
    await page.getByLabel('At expiry').selectOption('AUTOMATIC');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('problems').getByText('renewal', { exact: true }).waitFor();
    await page.getByLabel('Valid for').fill('P2Y');
    await page.getByLabel('Available from').fill('2026-01-05T09:30');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('saved').waitFor();
    const [lifecycle] = await query<{ valid_for: string; renewal: string; available_from: Date }>(
      app,
      `select valid_for, renewal, available_from from credential_configuration`,
    );
    expect(lifecycle).toMatchObject({ valid_for: 'P2Y', renewal: 'AUTOMATIC' });
    const offset = await page.evaluate(() => new Date('2026-01-05T09:30').toISOString());
    expect(lifecycle!.available_from.toISOString()).toBe(offset);

    await page.getByRole('link', { name: 'Console 101' }).click();
    await createTier('Distinction', '1', '90');
    const rows = await query<{ name: string; tier: number; requirements: unknown }>(
      app,
      'select name, tier, requirements from credential_configuration order by tier',
    );
    expect(rows.map((r) => [r.name, r.tier])).toEqual([
      ['Certificate of Completion', 0],
      ['Distinction', 1],
    ]);
    expect(JSON.stringify(rows[1].requirements)).toContain('0.9');

    // A course defined by hand, as the README's curl walkthrough does.
    await page.getByRole('link', { name: 'Courses and paths' }).first().click();
    await page.getByRole('button', { name: 'New course' }).click();
    await page.getByLabel('Course key').fill('course-v1:Console+C102+2026');
    await page.getByLabel('Title').fill('Console 102');
    await page.getByLabel('Content blocks').fill('c102-intro\nc102-extra optional');
    await page
      .getByLabel('Graded items')
      .fill('c102-hw1, Homework, 10\nc102-final, Final Exam, 100');
    await page.getByRole('button', { name: 'Create the course' }).click();
    await page.getByRole('heading', { name: 'Console 102' }).waitFor();
    await page.getByText('2 content blocks (1 optional)').waitFor();
  });

  it('updates the dashboard live, retries a failure and revokes from the learner view', async () => {
    await page.getByRole('link', { name: 'Courses and paths' }).first().click();
    await page.getByRole('link', { name: 'Console 101' }).click();
    await page.getByRole('button', { name: 'Issuance dashboard' }).click();
    await counterReads('Distinction', 'issued', '0');
    await counterReads('Distinction', 'failed', '0');
    await page.getByText('Live: counters').waitFor();

    // Storage breaks (its folder becomes a file): c-cat's Distinction fails, live.
    const storage = app.config.storage.driver === 'local' ? app.config.storage.root : '';
    await fs.rm(storage, { recursive: true, force: true });
    await fs.writeFile(storage, 'not a folder');
    await ok(record(app, { completions: completions('c-cat', course, done(10), at(1)) }));
    await counterReads('Distinction', 'failed', '1');
    await page.getByTestId('event-feed').getByText('FAILED').first().waitFor();
    const failures = page.getByTestId('panel-Distinction').getByTestId('failures');
    const retry = failures.getByRole('button', { name: 'Retry Learner c-cat' });
    await retry.waitFor();
    const reason = await failures.locator('.text-danger').first().textContent();
    expect(reason).not.toMatch(/^$|No reason recorded/);

    // Storage is back: Retry issues it.
    await fs.rm(storage, { force: true });
    await retry.click();
    await counterReads('Distinction', 'failed', '0');
    await counterReads('Distinction', 'issued', '1');

    // Progress through the API moves the counters without a reload.
    await ok(record(app, { completions: completions('c-bob', course, done(10), at(2)) }));
    await counterReads('Distinction', 'issued', '2');
    await counterReads('Distinction', 'eligible', '2');
    await page.getByTestId('event-feed').getByText('Learner c-bob').first().waitFor();

    // The learner view: live progress, then a revocation with its reason.
    await page.getByRole('link', { name: 'Learners' }).click();
    await page.getByLabel('Learner id').fill('c-ann');
    await page.getByLabel('Course or path key').fill(course.id);
    await page.getByRole('button', { name: 'Look up' }).click();
    const overall = page.getByTestId('progress-Distinction').getByTestId('overall-progress');
    await expectText(overall, '56'); // 5/10 against 0.9
    await ok(record(app, { completions: completions('c-ann', course, done(8), at(3)) }));
    await expectText(overall, '89');

    await page.getByLabel('Learner id').fill('c-bob');
    await page.getByRole('button', { name: 'Look up' }).click();
    const distinction = page
      .getByTestId('learner-credentials')
      .getByRole('listitem')
      .filter({ hasText: 'Distinction' });
    await distinction.getByRole('button', { name: 'Revoke' }).click();
    await page.getByLabel('Why is it revoked?').fill('Academic misconduct');
    await page.getByRole('button', { name: 'Revoke for good' }).click();
    await distinction.getByText('REVOKED').waitFor();
    await distinction.getByText('Reason: Academic misconduct').waitFor();

    const [revoked] = await query<{ verification_id: string }>(
      app,
      `select verification_id from credential where learner_id = 'c-bob' and status = 'REVOKED'`,
    );
    const verification = await ok(
      app.gql(VerifyCredentialDocument, { verificationId: revoked.verification_id }),
    );
    expect(verification.verifyCredential).toMatchObject({
      status: 'REVOKED',
      reason: 'Academic misconduct',
    });
    // …and the public verification page says so.
    const verifyPage = await page.context().newPage();
    try {
      await verifyPage.goto(`${site}/verify/${revoked.verification_id}`);
      await verifyPage.getByText('This credential was revoked by its issuer').waitFor();
      expect(await verifyPage.locator('#reason').textContent()).toBe('Academic misconduct');
      expect(await verifyPage.title()).toContain('Credential revoked');
    } finally {
      await verifyPage.close();
    }

    // Every certificate locale: Arabic turns the page right to left, and stays chosen.
    const direction = () =>
      page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    await page.locator('#console-locale').selectOption('ar');
    await page.getByRole('link', { name: 'المتعلمون' }).waitFor();
    expect(await direction()).toEqual(['ar', 'rtl']);
    await page.reload();
    await page.getByRole('heading', { name: 'المتعلمون' }).waitFor();
    await page.locator('#console-locale').selectOption('en');
    await page.getByRole('link', { name: 'Learners' }).waitFor();
    expect(await direction()).toEqual(['en', 'ltr']);
    // (A server without previewEligibility answers the what-if's query 400.)
    const unexpected = preview ? pageErrors : pageErrors.filter((e) => !/status of 400/.test(e));
    expect(unexpected).toEqual([]);
  });

  it('finds a learner as one types part of their name, on a phone too', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('link', { name: 'Learners' }).first().click();
    await page.getByLabel('Find a learner').fill('ann');
    const matches = page.getByRole('list', { name: 'Matching learners' });
    const ann = matches.getByRole('button', { name: /Learner c-ann/ });
    await ann.getByText('Console 101').waitFor();
    await page.getByRole('status').filter({ hasText: '1 learner found' }).waitFor();
    // From the box, Arrow Down then Enter chooses it: one course, so it opens at once.
    await page.getByLabel('Find a learner').press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('progress-Distinction').waitFor();
    expect(await page.getByLabel('Learner id').inputValue()).toBe('c-ann');
    expect(await page.getByLabel('Course or path key').inputValue()).toBe(course.id);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('moves the name by dragging it on the rendered page and saves it in points', async () => {
    const [{ id }] = await query<{ id: string }>(
      app,
      `select id from credential_configuration where name = 'Certificate of Completion'`,
    );
    const vars = { configurationId: id, learnerName: 'Ada Lovelace' };
    const { previewCertificate: before } = await ok(
      app.gql(PreviewCertificateLayoutDocument, vars, app.adminToken),
    );
    const name = before!.elements.find((element) => element.name === 'name')!;
    const renders = () =>
      page.waitForRequest((request) =>
        /ConsoleTemplatePreview/.test(request.postDataJSON()?.operationName ?? ''),
      );

    const firstRender = renders();
    await page.goto(`${site}/console/configurations/${id}/template`);
    await firstRender;
    const handle = page.getByRole('button', { name: /^Learner name \(x \d+, y \d+ pt\)$/ });
    const canvas = page.getByTestId('template-canvas');
    await canvas.locator('img').waitFor();
    await handle.scrollIntoViewIfNeeded();
    const frame = (await canvas.boundingBox())!;
    const box = (await handle.boundingBox())!;
    const pointsPerPixel = before!.pageWidth / frame.width;
    // The handle covers the name as drawn.
    expect(box.x - frame.x).toBeCloseTo(name.x / pointsPerPixel, 0);

    // Drag it 120 px right and 60 px up, then save.
    const [startX, startY] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(startX, startY);
    await page.mouse.down();
    await page.mouse.move(startX + 60, startY - 30, { steps: 4 });
    await page.mouse.move(startX + 120, startY - 60, { steps: 4 });
    await page.mouse.up();
    const rerender = renders();
    await page.getByRole('button', { name: 'Save layout' }).click();
    await rerender;

    const { credentialConfiguration: saved } = await ok(
      app.gql(ConfigurationDocument, { id }, app.adminToken),
    );
    type Placed = { x: number; y: number; align?: string };
    const moved = (saved!.template as { elements: { name: Placed } }).elements.name;
    // The built-in name is centred on the page; moved, it stays centred, on its new x.
    expect(name.align).toBe('center');
    expect(moved.align).toBe('center');
    expect(Math.abs(moved.x - (name.x + name.width / 2 + 120 * pointsPerPixel))).toBeLessThan(2);
    expect(Math.abs(moved.y - (name.y + 60 * pointsPerPixel))).toBeLessThan(2);
    // Its handle names the x and y the template now gives it (the centre, for a centred name).
    const label = `Learner name (x ${Math.round(moved.x)}, y ${Math.round(moved.y)} pt)`;
    await page.getByRole('button', { name: label, exact: true }).waitFor();
    const { previewCertificate: longer } = await ok(
      app.gql(
        PreviewCertificateLayoutDocument,
        { ...vars, learnerName: 'Maximilian Featherstonehaugh-Ångström' },
        app.adminToken,
      ),
    );
    const longName = longer!.elements.find((element) => element.name === 'name')!;
    expect(longName.width).toBeGreaterThan(name.width);
    expect(longName.x + longName.width / 2).toBeCloseTo(moved.x, 0);

    // The keyboard: Shift+Up moves it 10 pt up; at phone width the handle scales with the page.
    await handle.focus();
    await page.keyboard.press('Shift+ArrowUp');
    const edited = JSON.parse(await page.getByLabel('Template (JSON)').inputValue()) as {
      elements: { name: Placed };
    };
    expect(edited.elements.name).toEqual({ x: moved.x, y: moved.y + 10, align: 'center' });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const small = (await canvas.boundingBox())!;
      const scaled = (await handle.boundingBox())!;
      expect(small.width).toBeLessThan(390);
      expect(scaled.width / small.width).toBeCloseTo(name.width / before!.pageWidth, 2);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('lets an admin add a learner and record their progress by hand, as the platform would', async () => {
    await page.goto(
      `${site}/console/learners?learner=c-new&context=${encodeURIComponent(course.id)}`,
    );
    const recorder = page.getByTestId('progress-recorder');
    await recorder.getByLabel('Learner name').fill('Nora New');
    await recorder.getByRole('button', { name: 'Save the name' }).click();
    await recorder.getByText('The name is saved.').waitFor();
    const blocks = recorder.getByRole('group', { name: 'Blocks completed' });
    const boxes = await blocks.getByRole('checkbox').all();
    expect(boxes).toHaveLength(10);
    for (const box of boxes.slice(0, 9)) await box.check();
    await recorder.getByRole('button', { name: 'Record progress' }).click();
    // One enrollment and nine completions.
    await recorder.getByText('10 facts recorded; 0 were older than what was stored.').waitFor();
    await expectText(
      page.getByTestId('progress-Distinction').getByTestId('overall-progress'),
      '100',
    );
    const [learner] = await query<{ name: string }>(
      app,
      `select name from learner where id = 'c-new'`,
    );
    expect(learner.name).toBe('Nora New');
    const facts = await query<{ n: number }>(
      app,
      `select count(*)::int as n from block_completion where learner_id = 'c-new' and completion = 1`,
    );
    expect(facts).toEqual([{ n: 9 }]);
  });

  it('shows the other pages of a template PDF, with the handles of the elements on each', async () => {
    const [{ id }] = await query<{ id: string }>(
      app,
      `select id from credential_configuration where name = 'Certificate of Completion'`,
    );
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]);
    doc.addPage([841.89, 595.28]);
    await uploadAsset(app, 'console-two-pages', await doc.save());
    const template = {
      asset: 'console-two-pages',
      elements: { name: { page: 2, x: 100, y: 300 } },
    };
    await ok(app.gql(UpdateConfigurationDocument, { id, input: { template } }, app.adminToken));

    await page.goto(`${site}/console/configurations/${id}/template`);
    const pages = page.getByRole('group', { name: 'Pages' });
    const handle = page.getByRole('button', { name: /^Learner name \(x \d+, y \d+ pt\)$/ });
    await pages.getByRole('button', { name: 'Page 1 of 2' }).waitFor();
    expect(await handle.count()).toBe(0);
    await pages.getByRole('button', { name: 'Page 2 of 2' }).click();
    await handle.waitFor();
    expect(
      await pages.getByRole('button', { name: 'Page 2 of 2' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await handle.focus();
    await page.keyboard.press('Shift+ArrowRight');
    const edited = JSON.parse(await page.getByLabel('Template (JSON)').inputValue()) as {
      elements: { name: Record<string, unknown> };
    };
    expect(edited.elements.name).toEqual({ page: 2, x: 110, y: 300 });

    // A finger drags it too: real touch input (Chromium's), 80 px to the right.
    const canvas = page.getByTestId('template-canvas');
    const pointsPerPixel = 841.89 / (await canvas.boundingBox())!.width;
    const box = (await handle.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', at: number[]) =>
        cdp.send('Input.dispatchTouchEvent', {
          type,
          touchPoints: type === 'touchEnd' ? [] : [{ x: at[0], y: at[1] }],
        });
      await touch('touchStart', [x, y]);
      for (const step of [20, 40, 60, 80]) await touch('touchMove', [x + step, y]);
      await touch('touchEnd', [x + 80, y]);
    } finally {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
      await cdp.detach();
    }
    const touched = JSON.parse(await page.getByLabel('Template (JSON)').inputValue()) as {
      elements: { name: { x: number; y: number } };
    };
    expect(Math.abs(touched.elements.name.x - (110 + 80 * pointsPerPixel))).toBeLessThan(1.5);
    expect(touched.elements.name.y).toBe(300);
  });
});
