import { randomBytes } from 'node:crypto';
import { eventually, FAST_JOBS, reaches } from '../issuance/helpers';
import { completion, createConfiguration, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { FakeLms, type FakeUser, sampleCourse } from '../support/fake-lms';
import {
  accessRoleEvent,
  completionEvent,
  enrollmentEvent,
  OpenedxBusProducer,
  uniqueTopicPrefix,
} from '../support/openedx-bus';
import { SHARED_REDIS_URL } from '../support/redis';

/**
 * An Open edX installation, as an operator connects it with the documented settings only:
 * an LMS (REST APIs and JWKS, over real HTTP) and its event bus (entries written as
 * event-bus-redis writes them, through a real Redis, on the default topics). Nothing calls
 * Laurel's ingest API: the first enrollment event imports the unknown course from the LMS,
 * completions arrive through the tracking-log bridge, the learner reads their own progress
 * with the token their MFE holds, and a course role granted in Studio makes a staff member
 * Laurel staff (and removing it takes that away).
 */
jest.setTimeout(90_000);

const prefix = uniqueTopicPrefix('installation');
const TOPICS = {
  enrollments: 'learning-course-enrollment-lifecycle',
  tracking: 'analytics',
  roles: 'learning-course-access-role-lifecycle',
};
let lms: FakeLms;
let app: TestApp;
let bus: OpenedxBusProducer;

beforeAll(async () => {
  lms = await FakeLms.start();
  app = await startTestApp({
    ...FAST_JOBS,
    ...lms.env(),
    AUTH_JWKS_AUDIENCE: 'lms-key',
    OPENEDX_EVENT_BUS_URL: SHARED_REDIS_URL,
    OPENEDX_TOPIC_PREFIX: prefix,
    OPENEDX_BLOCK_MS: '200',
    OPENEDX_PATHS_POLL_SECONDS: '0',
  });
  bus = new OpenedxBusProducer(SHARED_REDIS_URL, prefix);
});
afterAll(async () => {
  await bus?.redis.del(...Object.values(TOPICS).map((topic) => bus.stream(topic)));
  await bus?.close();
  await app?.stop();
  await lms?.stop();
});

const PROGRESS = `query ($learnerId: ID, $courseId: ID) {
  learnerProgress(learnerId: $learnerId, courseId: $courseId) {
    eligible enrolled progress enrollmentMode
  }
}`;

/** learnerProgress as an MFE asks it: `Authorization: JWT <the LMS's token>`. */
async function progressWith(token: string, courseId: string, learnerId?: string) {
  return app.raw(
    { query: PROGRESS, variables: { courseId, ...(learnerId ? { learnerId } : {}) } },
    { authorization: `JWT ${token}` },
  ) as Promise<{
    data?: { learnerProgress: { eligible: boolean; enrolled: boolean; progress: number }[] };
    errors?: { extensions?: { code?: string } }[];
  }>;
}

/** A token exactly as the LMS mints it for a user: anonymous `sub`, the real id in `user_id`. */
const tokenOf = (user: FakeUser) =>
  lms.mintJwt({
    sub: randomBytes(16).toString('hex'),
    user_id: user.id,
    preferred_username: user.username,
    email: user.email,
    name: user.name,
    administrator: false,
    superuser: false,
  });

it('turns platform events into progress, a credential and staff rights, with no other code', async () => {
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const course = lms.addCourse(sampleCourse(`course-v1:Inst+C${tag}+2026`));
  const org = 'Inst';
  const ada = lms.addUser(80_000 + Math.floor(Math.random() * 10_000));
  const staff = lms.addUser(ada.id + 1);
  const leaf = (type: string, name: string) =>
    `block-v1:${course.key.split(':')[1]}+type@${type}+block@${name}`;

  // 1. An enrollment in a course Laurel has never seen: the course comes from the LMS.
  await bus.send(TOPICS.enrollments, {
    ...enrollmentEvent({
      userId: ada.id,
      username: ada.username,
      name: ada.name,
      email: ada.email,
      courseKey: course.key,
      mode: 'verified',
    }),
  });
  await eventually(async () => {
    const rows = await query(app, 'select 1 from enrollment where learner_id = $1', [
      String(ada.id),
    ]);
    return rows.length === 1 ? true : undefined;
  });
  const blocks = await query<{ id: string }>(
    app,
    'select id from content_block where course_id = $1 order by position',
    [course.key],
  );
  expect(blocks.map((b) => b.id)).toEqual([
    leaf('problem', 'hw1_p1'),
    leaf('html', 'hw1_intro'),
    leaf('video', 'lecture'),
    leaf('html', 'extra'),
    leaf('problem', 'exam_p1'),
  ]);

  // 2. The course team sets up a credential in Laurel (the only thing done in Laurel itself).
  const configurationId = await createConfiguration(app, {
    courseId: course.key,
    requirements: [completion(1)],
    autoIssue: true,
  });

  // 3. The learner's own MFE, with the LMS's token: enrolled, nothing done yet.
  const adaToken = await tokenOf(ada);
  const before = await progressWith(adaToken, course.key);
  expect(before.errors).toBeUndefined();
  expect(before.data?.learnerProgress).toEqual([
    { eligible: false, enrolled: true, progress: 0, enrollmentMode: 'verified' },
  ]);

  // 4. Completions through the tracking-log bridge, as the LMS emits them.
  const required = ['problem:hw1_p1', 'html:hw1_intro', 'video:lecture', 'problem:exam_p1'];
  const started = Date.now();
  for (const [i, block] of required.entries()) {
    const [type, name] = block.split(':') as [string, string];
    await bus.send(
      TOPICS.tracking,
      completionEvent({
        userId: ada.id,
        courseKey: course.key,
        blockId: leaf(type, name),
        completion: 1,
        modified: new Date(started + i),
      }),
    );
  }
  const after = await eventually(async () => {
    const answer = await progressWith(adaToken, course.key);
    return answer.data?.learnerProgress[0]?.eligible ? answer : undefined;
  });
  expect(after.data?.learnerProgress).toEqual([
    { eligible: true, enrolled: true, progress: 1, enrollmentMode: 'verified' },
  ]);
  const [issued] = await query<{ id: string; learner_name: string }>(
    app,
    'select id, learner_name from credential where learner_id = $1 and configuration_id = $2',
    [String(ada.id), configurationId],
  );
  await reaches(app, issued!.id, 'AVAILABLE');
  expect(issued!.learner_name).toBe(ada.name);

  // 5. Staff rights come from the course's roles on the platform, not from Laurel claims.
  const staffToken = await tokenOf(staff);
  const refused = await progressWith(staffToken, course.key, String(ada.id));
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const role = {
    userId: staff.id,
    username: staff.username,
    org,
    courseKey: course.key,
    role: 'staff',
  };
  await bus.send(TOPICS.roles, accessRoleEvent(role, true));
  const granted = await eventually(async () => {
    const answer = await progressWith(staffToken, course.key, String(ada.id));
    return answer.data ? answer : undefined;
  });
  expect(granted.data?.learnerProgress[0]).toMatchObject({ eligible: true, progress: 1 });
  await bus.send(TOPICS.roles, accessRoleEvent(role, false));
  await eventually(async () => {
    const answer = await progressWith(staffToken, course.key, String(ada.id));
    return answer.errors?.[0]?.extensions?.code === 'FORBIDDEN' ? true : undefined;
  });
});
