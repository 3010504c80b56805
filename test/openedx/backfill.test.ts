import type { Orm } from '../../src/db/orm';
import {
  type BackfillDeps,
  GRADEBOOK_OFF,
  importCourse,
  runBackfill,
} from '../../src/modules/openedx';
import { reaches } from '../issuance/helpers';
import {
  completion,
  createConfiguration,
  grade,
  ok,
  progressOf,
  query,
  record,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { type FakeCourse, FakeLms, sampleCourse } from '../support/fake-lms';
import { backfillDeps, uniqueCourseKey } from './helpers';

let app: TestApp;
let lms: FakeLms;
let orm: Orm;
let deps: BackfillDeps;
beforeAll(async () => {
  [app, lms] = await Promise.all([
    startTestApp({ JOB_RETRY_DELAY_SECONDS: '1', RECONCILE_CRON: 'off' }),
    FakeLms.start(),
  ]);
  ({ orm, deps } = await backfillDeps(app, lms, { retries: 0 }));
});
afterAll(async () => {
  await orm.close();
  await Promise.all([app.stop(), lms.stop()]);
});

const block = (course: FakeCourse, type: string, name: string) =>
  `block-v1:${course.key.split(':')[1]}+type@${type}+block@${name}`;

let nextUserId = 5000;
/** A course with `count` enrolled learners, in the fake LMS only. */
function courseWithLearners(count: number) {
  const course = lms.addCourse(sampleCourse(uniqueCourseKey('B')));
  const users = Array.from({ length: count }, () => lms.addUser(nextUserId++));
  for (const user of users) lms.enroll(user, course.key);
  return { course, users };
}

const rows = (sql: string, params: unknown[]) => query<Record<string, unknown>>(app, sql, params);

describe('backfill', () => {
  it('imports structure, enrollments, grades and completions; progress and credentials follow', async () => {
    const { course, users } = courseWithLearners(3);
    const [ada, bob] = users;
    // Ada: everything done, 90 % on the homework, 100 % on the exam. Bob: half done.
    for (const name of ['hw1_p1', 'hw1_intro', 'lecture', 'exam_p1']) {
      lms.setCompletion(
        course.key,
        ada,
        block(
          course,
          name === 'lecture' ? 'video' : name.endsWith('intro') ? 'html' : 'problem',
          name,
        ),
        1,
      );
    }
    lms.setCompletion(course.key, bob, block(course, 'problem', 'hw1_p1'), 1);
    lms.setCompletion(course.key, bob, block(course, 'video', 'lecture'), 0.5);
    lms.setGrade(course.key, ada, block(course, 'sequential', 'hw1'), 9, 10);
    lms.setGrade(course.key, ada, block(course, 'sequential', 'exam'), 2, 2);
    lms.setGrade(course.key, bob, block(course, 'sequential', 'hw1'), 3, 10);

    // The structure first, so that a credential can be offered before the learners' facts.
    await importCourse(deps.lms, orm.em.fork(), course.key);
    const configurationId = await createConfiguration(app, {
      courseId: course.key,
      requirements: [completion(0.8), grade(0.9)],
      autoIssue: true,
    });
    const summary = await runBackfill(deps, { courseIds: [course.key] });
    expect(summary).toEqual({
      courses: 1,
      learners: 3,
      enrollments: 3,
      scores: 3,
      completions: 6,
      skipped: [],
      failed: [],
    });

    const [adaProgress] = await progressOf(app, String(ada.id), { courseId: course.key });
    expect(adaProgress).toMatchObject({ eligible: true, enrolled: true });
    // Completion: 4 of 4 required blocks (the optional one aside); grade 0.4·0.9 + 0.6·1 = 0.96.
    expect(adaProgress.requirements.map((r) => [r.kind, r.current])).toEqual([
      ['COMPLETION', 1],
      ['GRADE', 0.96],
    ]);
    const [bobProgress] = await progressOf(app, String(bob.id), { courseId: course.key });
    expect(bobProgress.requirements.map((r) => [r.kind, r.current])).toEqual([
      ['COMPLETION', 0.375],
      ['GRADE', 0.12],
    ]);
    const [learner] = await rows('select name, username, email from learner where id = $1', [
      String(ada.id),
    ]);
    expect(learner).toEqual({ name: ada.name, username: ada.username, email: ada.email });
    // The LMS's enrollment mode is kept with the enrollment.
    expect(
      await rows('select mode from enrollment where learner_id = $1 and course_id = $2', [
        String(ada.id),
        course.key,
      ]),
    ).toEqual([{ mode: 'verified' }]);

    // Ada became eligible through the backfill's facts: auto-issue made her credential.
    const [issued] = await query<{ id: string }>(
      app,
      'select id from credential where learner_id = $1 and configuration_id = $2',
      [String(ada.id), configurationId],
    );
    await reaches(app, issued.id, 'AVAILABLE');
    expect(
      await query(app, 'select 1 from credential where learner_id = $1', [String(bob.id)]),
    ).toEqual([]);
  });

  it('follows every page and resumes after a failure in the middle, without duplicates', async () => {
    lms.pageSizes.enrollments = 2;
    try {
      const { course } = courseWithLearners(5);
      // The first page goes through, the second fails (no retries in this test's client).
      lms.failAfter('/api/enrollment/v1/enrollments', 1, 503);
      const interrupted = await runBackfill(deps, { courseIds: [course.key] });
      expect(interrupted.failed).toEqual([
        { courseId: course.key, reason: expect.stringContaining('HTTP 503') },
      ]);
      expect(interrupted.enrollments).toBe(2);
      const [checkpoint] = await rows(
        `select cursor, done from openedx_import where course_id = $1 and phase = 'enrollments'`,
        [course.key],
      );
      expect(checkpoint.done).toBe(false);
      expect(String(checkpoint.cursor)).toContain('cursor=');
      const requestsBefore = lms.requests.length;

      const resumed = await runBackfill(deps, { courseIds: [course.key] });
      expect(resumed.failed).toEqual([]);
      expect(resumed.enrollments).toBe(3);
      const enrollmentCalls = lms.requests
        .slice(requestsBefore)
        .filter((r) => r.startsWith('GET /api/enrollment/v1/enrollments'));
      expect(enrollmentCalls[0]).toContain(
        encodeURIComponent(String(checkpoint.cursor).split('cursor=')[1]),
      );
      expect(enrollmentCalls).toHaveLength(2);
      const [{ count }] = await rows(
        'select count(*)::int as count from enrollment where course_id = $1',
        [course.key],
      );
      expect(count).toBe(5);
    } finally {
      lms.pageSizes.enrollments = 100;
    }
  });

  it('never overrides a newer live fact', async () => {
    const { course, users } = courseWithLearners(1);
    const [learner] = users;
    const problem = block(course, 'problem', 'hw1_p1');
    lms.setCompletion(course.key, learner, problem, 1);
    await runBackfill(deps, { courseIds: [course.key] });
    // A live event newer than the backfill's read (a minute ahead) says 0.25.
    const live = new Date(Date.now() + 60_000).toISOString();
    await ok(
      record(app, {
        completions: [
          {
            learnerId: String(learner.id),
            courseId: course.key,
            blockId: problem,
            completion: 0.25,
            occurredAt: live,
          },
        ],
      }),
    );
    await runBackfill(deps, { courseIds: [course.key] }, { restart: true });
    expect(
      await rows(
        'select completion from block_completion where learner_id = $1 and block_id = $2',
        [String(learner.id), problem],
      ),
    ).toEqual([{ completion: 0.25 }]);
  });

  it('skips grades with a warning in the summary when the gradebook answers 403', async () => {
    const { course, users } = courseWithLearners(2);
    lms.gradebookOff.add(course.key);
    lms.setCompletion(course.key, users[0], block(course, 'problem', 'hw1_p1'), 1);
    const summary = await runBackfill(deps, { courseIds: [course.key] });
    expect(summary).toMatchObject({
      courses: 1,
      enrollments: 2,
      scores: 0,
      completions: 1,
      skipped: [{ courseId: course.key, phase: 'grades', reason: GRADEBOOK_OFF }],
      failed: [],
    });
  });

  it('stops a course at a hostile body with a clear error, leaving that page unwritten', async () => {
    const { course } = courseWithLearners(2);
    lms.answer('/api/enrollment/v1/enrollments', {
      next: null,
      previous: null,
      results: [
        {
          user: 'x',
          course_id: course.key,
          mode: 'audit',
          is_active: 'yes',
          created: '2026-01-01T00:00:00Z',
        },
      ],
    });
    const summary = await runBackfill(deps, { courseIds: [course.key] });
    expect(summary.failed).toEqual([
      {
        courseId: course.key,
        reason:
          'GET /api/enrollment/v1/enrollments: unexpected response body: results[0].is_active must be true or false',
      },
    ]);
    expect(await rows('select 1 from enrollment where course_id = $1', [course.key])).toEqual([]);

    lms.answer('/api/grades/v1/gradebook/', {
      next: 'http://attacker.example/api/grades/v1/gradebook/?cursor=x',
      results: [],
    });
    const again = await runBackfill(deps, { courseIds: [course.key] });
    expect(again.failed[0].reason).toMatch(
      /next page points to another origin \(http:\/\/attacker\.example\)/,
    );
    lms.answer('/api/grades/v1/gradebook/', {
      next: null,
      results: [{ user_id: 1e30, username: 'x', section_breakdown: [] }],
    });
    const huge = await runBackfill(deps, { courseIds: [course.key] });
    expect(huge.failed[0].reason).toMatch(/results\[0\]\.user_id must be a positive integer id/);
  });
});
