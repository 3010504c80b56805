import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../src/db/orm';
import { applyCourseAccessRole, type CourseAccessRoleChange } from '../../src/modules/openedx';
import { IssueCredentialDocument } from '../operations/generated';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { type FakeLms, type LmsUser, startFakeLms } from '../support/fake-lms-jwks';

/**
 * An MFE's token as the LMS mints it reads the learner's own progress; course staff come
 * from the LMS's course_access_role events, with no Laurel-specific claim in the token.
 */
const C1 = testCourse('course-v1:OrgA+C1+2026', { blocks: 4 });
const C2 = testCourse('course-v1:OrgA+C2+2026', { blocks: 2 });
const D1 = testCourse('course-v1:OrgB+D1+2026', { blocks: 2 });
const ADA: LmsUser = { id: 1001, username: 'ada' };
const BOB: LmsUser = { id: 1002, username: 'bob' };

let lms: FakeLms;
let app: TestApp;
let orm: MikroORM;
const configurations: Record<string, string> = {};

beforeAll(async () => {
  lms = await startFakeLms();
  app = await startTestApp({ OPENEDX_LMS_URL: lms.url, AUTH_JWKS_AUDIENCE: lms.audience });
  orm = await openOrm({ url: app.databaseUrl });
  for (const course of [C1, C2, D1]) {
    await upsertCourse(app, course);
    configurations[course.id] = await createConfiguration(app, {
      courseId: course.id,
      requirements: [completion(1)],
    });
  }
  await upsertLearners(app, ['1001', '1002']);
  await ok(
    record(app, {
      enrollments: [C1, C2, D1].map((course) => enrollment('1001', { courseId: course.id })),
      completions: [
        ...completions('1001', C1, [1, 1, 1]),
        ...completions('1001', C2, [1]),
        ...completions('1001', D1, [1]),
      ],
    }),
  );
});
afterAll(async () => {
  await orm.close();
  await app.stop();
  await lms.close();
});

/** learnerProgress with an LMS token in `Authorization: JWT …`, as an MFE sends it. */
async function progress(token: string, vars: { learnerId?: string; courseId: string }) {
  const response = await fetch(app.laurel.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: JSON.stringify({
      query: `query ($learnerId: ID, $courseId: ID) {
        learnerProgress(learnerId: $learnerId, courseId: $courseId) { learnerId enrolled progress }
      }`,
      variables: vars,
    }),
  });
  return (await response.json()) as {
    data?: { learnerProgress: { learnerId: string; enrolled: boolean; progress: number }[] } | null;
    errors?: { extensions?: { code?: string } }[];
  };
}

/** What a token's holder gets reading Ada's progress in a course: her progress, or the error code. */
/** The courses of the credentials a token's holder may list. */
async function listedCourses(token: string): Promise<string[]> {
  const response = await fetch(app.laurel.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: JSON.stringify({
      query: '{ credentials { edges { node { configuration { course { id } } } } } }',
    }),
  });
  const result = (await response.json()) as {
    data: { credentials: { edges: { node: { configuration: { course: { id: string } } } }[] } };
  };
  return result.data.credentials.edges.map((edge) => edge.node.configuration.course.id).sort();
}

async function readsAda(token: string, courseId: string): Promise<number | string> {
  const result = await progress(token, { learnerId: '1001', courseId });
  if (result.errors) return result.errors[0]?.extensions?.code ?? 'ERROR';
  return result.data!.learnerProgress[0]!.progress;
}

let minute = 0;
/** A role event, each one later than the one before unless `occurredAt` is given. */
const change = (
  user: LmsUser,
  role: string,
  scope: { courseId: string } | { org: string },
  added: boolean,
  occurredAt = new Date(Date.UTC(2026, 5, 1, 0, ++minute)),
): CourseAccessRoleChange => ({
  userId: String(user.id),
  org: 'courseId' in scope ? scope.courseId.split(':')[1]!.split('+')[0]! : scope.org,
  courseId: 'courseId' in scope ? scope.courseId : null,
  role,
  added,
  occurredAt,
});

const apply = (roleChange: CourseAccessRoleChange) =>
  applyCourseAccessRole(orm.em.fork(), roleChange);

describe('an Open edX learner token', () => {
  it('reads its own progress: the learner is user_id, not the anonymous sub', async () => {
    const token = await lms.mint(ADA);
    const result = await progress(token, { courseId: C1.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.learnerProgress).toEqual([
      { learnerId: '1001', enrolled: true, progress: 0.75 },
    ]);
  });

  it('cannot read another learner', async () => {
    expect(await readsAda(await lms.mint(BOB), C1.id)).toBe('FORBIDDEN');
  });
});

describe('course staff from Open edX roles', () => {
  it('staff on a course (an event) reads its learners with an ordinary LMS token; removed, no more', async () => {
    const teacher: LmsUser = { id: 2001, username: 'teacher' };
    const token = await lms.mint(teacher);
    expect(await readsAda(token, C1.id)).toBe('FORBIDDEN');

    expect(await apply(change(teacher, 'staff', { courseId: C1.id }, true))).toBe(true);
    expect(await readsAda(token, C1.id)).toBe(0.75);
    expect(await readsAda(token, C2.id)).toBe('FORBIDDEN');

    expect(await apply(change(teacher, 'staff', { courseId: C1.id }, false))).toBe(true);
    expect(await readsAda(token, C1.id)).toBe('FORBIDDEN');
  });

  it('an older "added" arriving after a newer "removed" changes nothing', async () => {
    const teacher: LmsUser = { id: 2002, username: 'late' };
    const token = await lms.mint(teacher);
    const added = change(teacher, 'instructor', { courseId: C1.id }, true);
    const removed = change(teacher, 'instructor', { courseId: C1.id }, false);
    expect(await apply(removed)).toBe(true);
    expect(await apply(added)).toBe(false);
    expect(await apply(removed)).toBe(false);
    expect(await readsAda(token, C1.id)).toBe('FORBIDDEN');
    expect(
      await query(app, 'select active, occurred_at from course_access_role where user_id = $1', [
        '2002',
      ]),
    ).toEqual([{ active: false, occurred_at: removed.occurredAt }]);
  });

  it('an org-wide instructor reads every course of the org, also one added later, no other org', async () => {
    const dean: LmsUser = { id: 2003, username: 'dean' };
    const token = await lms.mint(dean);
    expect(await apply(change(dean, 'instructor', { org: 'OrgA' }, true))).toBe(true);
    expect(await readsAda(token, C1.id)).toBe(0.75);
    expect(await readsAda(token, C2.id)).toBe(0.5);
    expect(await readsAda(token, D1.id)).toBe('FORBIDDEN');

    const later = testCourse('course-v1:OrgA+C3+2026', { blocks: 1 });
    await upsertCourse(app, later);
    await createConfiguration(app, { courseId: later.id, requirements: [completion(1)] });
    await ok(
      record(app, {
        enrollments: [enrollment('1001', { courseId: later.id })],
        completions: completions('1001', later, [1]),
      }),
    );
    expect(await readsAda(token, later.id)).toBe(1);

    for (const course of [C1, D1]) {
      await ok(
        app.gql(
          IssueCredentialDocument,
          { configurationId: configurations[course.id]!, learnerId: '1001', force: true },
          app.adminToken,
        ),
      );
    }
    expect(await listedCourses(token)).toEqual([C1.id]);

    expect(await apply(change(dean, 'instructor', { org: 'OrgA' }, false))).toBe(true);
    expect(await readsAda(token, C1.id)).toBe('FORBIDDEN');
  });

  it('other roles are stored but give nothing', async () => {
    const tester: LmsUser = { id: 2004, username: 'tester' };
    expect(await apply(change(tester, 'beta_testers', { courseId: C1.id }, true))).toBe(true);
    expect(await apply(change(tester, 'staff', { org: 'OrgB' }, false))).toBe(true);
    expect(await readsAda(await lms.mint(tester), C1.id)).toBe('FORBIDDEN');
    expect(await readsAda(await lms.mint(tester), D1.id)).toBe('FORBIDDEN');
  });

  it('a change inside the caller’s transaction takes effect when it commits', async () => {
    const teacher: LmsUser = { id: 2005, username: 'tx' };
    const token = await lms.mint(teacher);
    await orm.em.fork().transactional(async (tx) => {
      expect(
        await applyCourseAccessRole(tx, change(teacher, 'staff', { courseId: D1.id }, true)),
      ).toBe(true);
      // Read (and cached) while the transaction is still open: not yet staff.
      expect(await readsAda(token, D1.id)).toBe('FORBIDDEN');
    });
    expect(await readsAda(token, D1.id)).toBe(0.5);
  });

  it('refuses a change it cannot store, storing nothing', async () => {
    const bad = { ...change(ADA, 'staff', { courseId: C1.id }, true), userId: '' };
    await expect(apply(bad)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const nul = { ...change(ADA, 'staff\u0000', { courseId: C1.id }, true) };
    await expect(apply(nul)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      await query(app, 'select * from course_access_role where user_id = $1', ['1001']),
    ).toEqual([]);
  });
});
