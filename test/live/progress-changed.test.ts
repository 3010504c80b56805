import { ProgressChangedDocument } from '../operations/generated';
import {
  at,
  completion,
  completions,
  createConfiguration,
  done,
  enrollment,
  ok,
  query,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
  upsertPath,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { type LiveClient, openClient, until, watch } from '../support/ws';

/** progressChanged over a real graphql-ws socket: who receives what, when, in which order. */
let app: TestApp;
const C = testCourse('course-v1:Live+C+2026', { blocks: 10 });
const D = testCourse('course-v1:Live+D+2026', { blocks: 10 });
const P = 'path-v1:Live+P+2026+A';
let courseConfig: string;
let pathConfig: string;
let dConfig: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
  await upsertCourse(app, C);
  await upsertCourse(app, D);
  await upsertPath(app, P, [C.id, D.id]);
  courseConfig = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.8)],
  });
  pathConfig = await createConfiguration(app, {
    learningPathId: P,
    requirements: [completion(0.5)],
  });
  dConfig = await createConfiguration(app, { courseId: D.id, requirements: [completion(0.5)] });
  await upsertLearners(app, ['ann', 'bob', 'cat', 'dan']);
  await ok(
    record(app, {
      enrollments: ['ann', 'bob', 'cat', 'dan'].flatMap((id) => [
        enrollment(id, { courseId: C.id }),
        enrollment(id, { courseId: D.id }),
        enrollment(id, { learningPathId: P }),
      ]),
    }),
  );
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await until(() => app.laurel.live.progress.size === 0, 'every watch to end');
});
afterAll(() => app.stop());

const open = (token: string) => openClient(app.laurel.url, token, clients);

/** Subscribes and waits until the server holds the watch, so no event can slip past it. */
async function subscribe(
  client: LiveClient,
  variables: { learnerId?: string; courseId?: string; learningPathId?: string } = {},
) {
  const before = app.laurel.live.progress.size;
  const watching = watch(client, ProgressChangedDocument, variables);
  await until(() => app.laurel.live.progress.size > before, 'the watch to open');
  return watching;
}

let minute = 0;
const completeBlocks = (learnerId: string, course = C, count = 9) =>
  ok(record(app, { completions: completions(learnerId, course, done(count), at(++minute)) }));

it('a learner receives their own new progress after the batch, with the committed state', async () => {
  const ann = await subscribe(await open(await app.token({ subject: 'ann' })), {
    courseId: C.id,
  });
  await completeBlocks('ann', C, 5);
  const event = (await ann.next()).progressChanged;
  expect(event).toMatchObject({
    learnerId: 'ann',
    eligible: false,
    progress: 0.625,
    configuration: { id: courseConfig },
    requirements: [{ kind: 'COMPLETION', current: 0.5, required: 0.8, met: false }],
    credential: null,
  });
  // Published after the commit: the row is there for anyone who reads it now.
  const [row] = await query<{ progress: number }>(
    app,
    'select progress from learner_eligibility where learner_id = $1 and configuration_id = $2',
    ['ann', courseConfig],
  );
  expect(row.progress).toBe(0.625);
  await ann.expectNothing(300);
});

it("a learner receives nothing of another learner's progress, and may not ask for it", async () => {
  const client = await open(await app.token({ subject: 'bob' }));
  const bob = await subscribe(client);
  await completeBlocks('cat', C, 6);
  await completeBlocks('cat', D, 6);
  await bob.expectNothing();

  const spying = watch(client, ProgressChangedDocument, { learnerId: 'cat' });
  const refused = await spying.nextResult();
  expect(refused.data ?? null).toBeNull();
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
});

it('every pair a batch changes arrives once, course and path, in the order of the commits', async () => {
  const dan = await subscribe(await open(await app.token({ subject: 'dan' })));
  await completeBlocks('dan', C, 9);
  await completeBlocks('dan', D, 2);
  await completeBlocks('dan', D, 6);
  const batches: (string | number)[][][] = [];
  for (let batch = 0; batch < 3; batch += 1) {
    const events = [];
    for (let i = 0; i < 2; i += 1) {
      const { configuration, progress } = (await dan.next()).progressChanged;
      events.push([configuration.id, progress]);
    }
    batches.push(events.sort());
  }
  await dan.expectNothing(300);
  const sorted = (...pairs: (string | number)[][]) => pairs.sort();
  expect(batches).toEqual([
    sorted([courseConfig, 1], [pathConfig, 0.5]),
    sorted([dConfig, 0.4], [pathConfig, 0.7]),
    sorted([dConfig, 1], [pathConfig, 1]),
  ]);
});

it('staff receive every learner of their course and nothing of other contexts', async () => {
  const staff = await open(await app.token({ subject: 'teacher', staffCourses: [D.id] }));
  const ofCourse = await subscribe(staff, { courseId: D.id });
  const everything = await subscribe(staff);
  // A course they do not manage: only their own progress there, as any learner.
  const otherCourse = await subscribe(staff, { courseId: C.id });
  await completeBlocks('ann', D, 3);
  await completeBlocks('bob', C, 2);
  expect((await ofCourse.next()).progressChanged).toMatchObject({ learnerId: 'ann' });
  expect((await everything.next()).progressChanged).toMatchObject({ learnerId: 'ann' });
  await ofCourse.expectNothing();
  await everything.expectNothing(0);
  await otherCourse.expectNothing(0);

  // Without a learner of their own, a course they do not manage holds nothing for them.
  const roleOnly = await open(await app.token({ staffCourses: [D.id] }));
  const refused = watch(roleOnly, ProgressChangedDocument, { courseId: C.id });
  expect((await refused.nextResult()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('admins receive everyone; a bad argument is BAD_USER_INPUT', async () => {
  const admin = await open(app.adminToken);
  const all = await subscribe(admin);
  await completeBlocks('bob', D, 4);
  expect((await all.next()).progressChanged).toMatchObject({ learnerId: 'bob' });

  const both = watch(admin, ProgressChangedDocument, { courseId: C.id, learningPathId: P });
  expect((await both.nextResult()).errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'learningPathId',
  });
});

it('a rejected batch publishes nothing', async () => {
  const ann = await subscribe(await open(app.adminToken), { learnerId: 'ann' });
  const rejected = await record(app, {
    completions: [
      ...completions('ann', C, done(10), at(++minute)),
      {
        learnerId: 'ann',
        courseId: C.id,
        blockId: 'no-such-block',
        completion: 1,
        occurredAt: at(),
      },
    ],
  });
  expect(rejected.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  await ann.expectNothing();
});
