import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { type Course10, courseWithConfiguration, FAST_JOBS, progress } from '../issuance/helpers';
import {
  completion,
  createConfiguration,
  enrollment,
  ok,
  record,
  upsertPath,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';

/**
 * The <laurel-progress> widget in a real Chromium, on a plain HTML page of another origin
 * (as an MFE is), against a real Laurel: signed in by the Open edX JWT cookie pair, and by
 * a token attribute; progress recorded through the API updates it live.
 */
let app: TestApp;
let browser: Browser;
let page: Page;
let pageServer: http.Server;
let course: Course10;

const HOST = '127.0.0.1';
const PATH = 'path-v1:Widget+P+2026+A';

/** The plain page docs/widget.md shows, pointed at this Laurel and course. */
async function docsPage(laurel: string, courseId: string): Promise<string> {
  const text = await fs.readFile('docs/widget.md', 'utf8');
  const match = /<!-- widget-page:start -->\s*```html\n([\s\S]*?)```/.exec(text);
  if (!match) throw new Error('docs/widget.md has no widget-page block');
  return match[1]!
    .replaceAll('https://laurel.example.org', laurel)
    .replaceAll('course-v1:OpenedX+DemoX+2026', courseId);
}

/**
 * The docs' page, plus a second widget signed in by a token, in French, a third for a
 * learning path, and an event log.
 */
function pageHtml(docs: string, courseId: string, token: string): string {
  expect(docs).toContain(`<laurel-progress course-id="${courseId}"></laurel-progress>`);
  const own = docs.replace(
    `<laurel-progress course-id="${courseId}">`,
    `<laurel-progress id="by-cookie" course-id="${courseId}">`,
  );
  return own.replace(
    '</body>',
    `<laurel-progress id="by-token" course-id="${courseId}" token="${token}" locale="fr"></laurel-progress>
<laurel-progress id="by-path" path-id="${PATH}" token="${token}"></laurel-progress>
<script>
  window.earned = [];
  document.addEventListener('laurel-credential-earned', (event) =>
    window.earned.push({ id: event.target.id, url: event.detail.credential.verificationUrl }));
</script>
</body>`,
  );
}

beforeAll(async () => {
  pageServer = http.createServer();
  await new Promise<void>((resolve) => pageServer.listen(0, HOST, resolve));
  const pageOrigin = `http://${HOST}:${(pageServer.address() as AddressInfo).port}`;
  app = await startTestApp({ ...FAST_JOBS, CORS_ORIGINS: pageOrigin });
  const laurel = app.laurel.url.replace('//localhost:', `//${HOST}:`).replace(/\/graphql$/, '');
  course = await courseWithConfiguration(app, ['ada', 'bea'], {
    name: 'Certificate of Completion',
  });
  await progress(app, course, ['ada', 'bea'], 3);
  await upsertPath(app, PATH, [course.courseId]);
  await createConfiguration(app, {
    name: 'Path certificate',
    learningPathId: PATH,
    requirements: [completion(0.8)],
  });
  await ok(record(app, { enrollments: [enrollment('bea', { learningPathId: PATH })] }));
  const html = pageHtml(
    await docsPage(laurel, course.courseId),
    course.courseId,
    await app.token({ subject: 'bea' }),
  );
  pageServer.on('request', (_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });

  browser = await launchChromium();
  const context = await browser.newContext();
  // What the LMS sets on the shared domain at sign-in: the JWT split in two cookies.
  const [header, payload, signature] = (await app.token({ subject: 'ada' })).split('.');
  await context.addCookies([
    {
      name: 'edx-jwt-cookie-header-payload',
      value: `${header}.${payload}`,
      domain: HOST,
      path: '/',
    },
    { name: 'edx-jwt-cookie-signature', value: signature!, domain: HOST, path: '/' },
  ]);
  page = await context.newPage();
  await page.goto(pageOrigin);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((resolve) => pageServer?.close(resolve));
});

const bar = (widget: string, label: string) =>
  page.locator(`#${widget} [role="progressbar"][aria-label="${label}"]`);

it('shows the learner their progress, with labelled progress bars and the reason', async () => {
  const completion = bar('by-cookie', 'Completion');
  // 3 of 10 blocks against a minimum of 80 %.
  await completion.waitFor({ timeout: 20_000 });
  expect(await completion.getAttribute('aria-valuenow')).toBe('38');
  expect(await completion.getAttribute('aria-valuetext')).toBe('30% of 80%');
  const card = page.locator('#by-cookie article');
  expect(await card.locator('h3').textContent()).toBe('Certificate of Completion');
  expect(await card.locator('.reason').textContent()).toMatch(/\S/);
  expect(await card.locator('.status').textContent()).toBe('In progress');
  // The token widget, in French: the same course for another learner.
  await bar('by-token', 'Achèvement').waitFor();
  expect(await page.locator('#by-token h2').textContent()).toBe('Vos certifications');
  // A path's requirements, under each step course's title.
  await bar('by-path', 'Completion').waitFor();
  expect(await page.locator('#by-path h3').textContent()).toBe('Path certificate');
  expect(await page.locator('#by-path h4').textContent()).toBe(course.course.title);
  expect(await bar('by-path', 'Completion').getAttribute('aria-valuenow')).toBe('38');
});

it('updates live when progress is recorded, and links the credential once issued', async () => {
  await page.evaluate(() => ((window as unknown as { kept: string }).kept = 'still here'));
  await progress(app, course, ['ada'], 9, 1);
  const completion = bar('by-cookie', 'Completion');
  await page.waitForFunction(
    () =>
      document
        .querySelector('#by-cookie')
        ?.shadowRoot?.querySelector('[role="progressbar"][aria-label="Completion"]')
        ?.getAttribute('aria-valuenow') === '100',
    undefined,
    { timeout: 20_000 },
  );
  expect(await completion.getAttribute('aria-valuetext')).toBe('Done');
  const link = page.locator('#by-cookie a', { hasText: 'View credential' });
  await link.waitFor({ timeout: 30_000 });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/verify\/[0-9a-f-]{36}$/);
  expect(await page.locator('#by-cookie .status').textContent()).toBe('Earned');
  expect(await page.locator('#by-cookie a', { hasText: 'Download PDF' }).count()).toBe(1);
  // No reload: the page's own state is still there, and the event told it.
  expect(await page.evaluate(() => (window as unknown as { kept: string }).kept)).toBe(
    'still here',
  );

  expect(await page.evaluate(() => (window as unknown as { earned: unknown[] }).earned)).toEqual([
    { id: 'by-cookie', url: href },
  ]);
  // A keyboard user on the link keeps the focus through a live update.
  await link.focus();
  // (Fewer blocks than needed now: the credential stays, the bar moves back.)
  await progress(app, course, ['ada'], 7, 2);
  await page.waitForFunction(
    () =>
      document
        .querySelector('#by-cookie')
        ?.shadowRoot?.querySelector('[role="progressbar"][aria-label="Completion"]')
        ?.getAttribute('aria-valuenow') === '88',
    undefined,
    { timeout: 20_000 },
  );
  expect(
    await page.evaluate(
      () => document.querySelector('#by-cookie')?.shadowRoot?.activeElement?.textContent,
    ),
  ).toBe('View credential');
  // The other learner's widget did not move.
  expect(await bar('by-token', 'Achèvement').getAttribute('aria-valuenow')).toBe('38');
  // The link is PUBLIC_URL's (unset here): the same page on this server answers.
  const verify = await fetch(new URL(new URL(href!).pathname, app.laurel.url));
  expect(verify.status).toBe(200);
});
