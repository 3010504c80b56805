import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FAST_JOBS } from '../issuance/helpers';
import {
  at,
  completions,
  createConfiguration,
  done,
  enrollment,
  ok,
  record,
  scores,
  testCourse,
  upsertCourse,
  upsertLearners,
  upsertPath,
} from '../progress/helpers';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';

/**
 * `npm run screenshots:console`: PNGs of each console screen, from a real Laurel with a small
 * catalogue, into docs/images/console-*.png (shown in the README and docs/console.md).
 * Not part of `npm test` (its name does not end in .test.ts).
 */
const OUT = path.join(__dirname, '..', '..', 'docs', 'images');

it('writes a PNG of each console screen', async () => {
  const app = await startTestApp({ ...FAST_JOBS });
  const browser = await launchChromium();
  try {
    const site = app.laurel.url.replace(/\/graphql$/, '');
    const policy: [string, number][] = [
      ['Homework', 0.4],
      ['Exam', 0.6],
    ];
    const course = testCourse('course-v1:Laurel+Astro101+2026', {
      blocks: 10,
      policy,
      title: 'Introduction to Astronomy',
    });
    const second = testCourse('course-v1:Laurel+Astro201+2026', {
      blocks: 8,
      policy,
      title: 'Stellar Physics',
    });
    await upsertCourse(app, course);
    await upsertCourse(app, second);
    await upsertPath(app, 'path-v1:Laurel+Astro+2026+All', [course.id, second.id]);
    const learners = ['1001', '1002', '1003', '1004', '1005', '1006'];
    await upsertLearners(app, learners);
    const completion = await createConfiguration(app, {
      courseId: course.id,
      name: 'Certificate of Completion',
      autoIssue: true,
      requirements: [{ kind: 'COMPLETION', min: 0.8 }],
    });
    await createConfiguration(app, {
      courseId: course.id,
      name: 'Certificate with Distinction',
      tier: 1,
      autoIssue: true,
      requirements: [
        { kind: 'COMPLETION', min: 0.9 },
        {
          kind: 'ANY_OF',
          requirements: [
            { kind: 'GRADE', min: 0.85 },
            { kind: 'ASSIGNMENT_GRADE', assignmentType: 'Exam', min: 0.9 },
          ],
        },
      ],
    });
    const blocks = [10, 9, 8, 6, 10, 4];
    const grades = [0.95, 0.7, 0.88, 0.5, 0.92, 0.3];
    await ok(
      record(app, {
        enrollments: learners.map((id) => enrollment(id, { courseId: course.id })),
        completions: learners.flatMap((id, i) => completions(id, course, done(blocks[i]))),
        scores: learners.flatMap((id, i) =>
          scores(
            id,
            course.id,
            Object.fromEntries(course.gradedItems.map((item) => [item.id, grades[i] * 100])),
          ),
        ),
      }),
    );

    const page = await (
      await browser.newContext({ viewport: { width: 1200, height: 780 } })
    ).newPage();
    page.setDefaultTimeout(15_000);
    const shot = (name: string, target: Page = page) =>
      target.screenshot({ path: path.join(OUT, `console-${name}.png`) });
    await fs.mkdir(OUT, { recursive: true });

    await page.goto(`${site}/console`);
    await page.getByLabel('Access token (JWT)').fill(app.adminToken);
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Introduction to Astronomy' }).waitFor();
    await shot('courses');

    await page.getByRole('link', { name: 'Introduction to Astronomy' }).click();
    await page.getByRole('heading', { name: 'Structure' }).waitFor();
    await shot('course');

    await page.getByRole('button', { name: 'New credential' }).click();
    await page.getByLabel('Name').fill('Honours Certificate');
    await page.getByLabel('Tier').fill('2');
    await page.getByLabel('Minimum (%)').fill('85');
    await page.getByTestId('what-if-qualifying').waitFor();
    await shot('rule-builder');

    await page.goto(`${site}/console/courses/${encodeURIComponent(course.id)}/dashboard`);
    await page.getByTestId('panel-Certificate of Completion').waitFor();
    // A learner finishing while the dashboard is open: its event arrives live.
    await ok(record(app, { completions: completions('1004', course, done(10), at(5)) }));
    await page.getByTestId('event-feed').getByText('Learner 1004').first().waitFor();
    await page.getByTestId('count-eligible').first().filter({ hasText: /^\d+$/ }).waitFor();
    await shot('dashboard');

    await page.goto(
      `${site}/console/learners?learner=1002&context=${encodeURIComponent(course.id)}`,
    );
    await page.getByTestId('progress-Certificate with Distinction').waitFor();
    await shot('learner');

    await page.goto(`${site}/console/configurations/${completion}/template`);
    await page.getByLabel('Template (JSON)').waitFor();
    await page.getByTestId('template-canvas').locator('img').waitFor();
    // The name's handle focused: the boxes show where each element can be dragged.
    await page.getByRole('button', { name: /^Learner name/ }).focus();
    await page
      .getByTestId('template-canvas')
      .evaluate((canvas) => canvas.scrollIntoView({ block: 'end' }));
    await shot('template');

    const phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })
    ).newPage();
    await phone.goto(`${site}/console`);
    await phone.getByLabel('Access token (JWT)').fill(app.adminToken);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.goto(`${site}/console/courses/${encodeURIComponent(course.id)}/dashboard`);
    await phone
      .getByTestId('panel-Certificate of Completion')
      .getByTestId('count-eligible')
      .filter({ hasText: /^\d+$/ })
      .waitFor();
    await shot('phone', phone);
  } finally {
    await browser.close();
    await app.stop();
  }
}, 180_000);
