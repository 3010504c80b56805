import type { EligibilityChange } from '../../src/modules/progress/reevaluate';
import { startTestApp, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
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
  upsertCourse,
  upsertLearners,
  upsertPath,
  testCourse,
} from './helpers';

/** Re-evaluation on ingest: learner_eligibility rows and the listener hook. */
const committed: EligibilityChange[][] = [];
const inTransaction: EligibilityChange[][] = [];
let failInTransaction = false;
let failAfterCommit = false;

let app: TestApp;
const C = testCourse('course-v1:Reeval+C+2026', { blocks: 10 });
const D = testCourse('course-v1:Reeval+D+2026', { blocks: 10 });
const P = 'path-v1:Reeval+P+2026+A';
let courseConfig: string;
let pathConfig: string;
let disabledConfig: string;

beforeAll(async () => {
  app = await startTestApp(
    {},
    {
      progressListeners: [
        {
          inTransaction: async (_em, changes) => {
            if (failInTransaction) throw new Error('issuer failed');
            inTransaction.push([...changes]);
          },
          afterCommit: (changes) => {
            if (failAfterCommit) throw new Error('publish failed');
            committed.push([...changes]);
          },
        },
      ],
    },
  );
  await upsertCourse(app, C);
  await upsertCourse(app, D);
  await upsertPath(app, P, [C.id, D.id]);
  courseConfig = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.8)],
  });
  pathConfig = await createConfiguration(app, {
    learningPathId: P,
    requirements: [completion(0.8)],
  });
  disabledConfig = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.1)],
    enabled: false,
  });
  await upsertLearners(app, ['x', 'y', 'z', 'w']);
});
afterAll(() => app.stop());
beforeEach(() => {
  committed.length = 0;
  inTransaction.length = 0;
  failInTransaction = false;
  failAfterCommit = false;
});

const rows = (learnerId: string) =>
  query<{ configuration_id: string; eligible: boolean; progress: number }>(
    app,
    `select configuration_id, eligible, progress from learner_eligibility
      where learner_id = $1 order by configuration_id`,
    [learnerId],
  );
const rowOf = async (learnerId: string, configurationId: string) =>
  (await rows(learnerId)).find((row) => row.configuration_id === configurationId);
const summary = (changes: EligibilityChange[]) =>
  changes.map((c) => [c.learnerId, c.configurationId, c.wasEligible, c.eligible, c.progress]);

it('records the course and path configurations a course fact affects, and tells the listeners', async () => {
  await ok(
    record(app, {
      enrollments: [enrollment('x', { courseId: C.id }), enrollment('x', { learningPathId: P })],
      completions: completions('x', C, done(9)),
    }),
  );
  expect(await rowOf('x', courseConfig)).toEqual({
    configuration_id: courseConfig,
    eligible: true,
    progress: 1,
  });
  // Path: step C met (1), step D at 0 → progress 0.5.
  expect(await rowOf('x', pathConfig)).toMatchObject({ eligible: false, progress: 0.5 });
  expect(await rowOf('x', disabledConfig)).toBeUndefined();
  expect(committed).toHaveLength(1);
  expect(inTransaction).toEqual(committed);
  const sorted = [...committed[0]].sort((a, b) => (a.configurationId < b.configurationId ? -1 : 1));
  expect(summary(sorted)).toEqual(
    [
      ['x', courseConfig, false, true, 1],
      ['x', pathConfig, false, false, 0.5],
    ].sort((a, b) => (a[1] < b[1] ? -1 : 1)),
  );
  const pathChange = committed[0].find((c) => c.configurationId === pathConfig)!;
  expect(pathChange).toMatchObject({ courseId: null, learningPathId: P });
  expect(pathChange.evaluation.steps?.map((s) => s.eligible)).toEqual([true, false]);
});

it("re-evaluates a path configuration when only a step course's facts change", async () => {
  await ok(record(app, { completions: completions('x', D, done(8), at(1)) }));
  expect(await rowOf('x', pathConfig)).toMatchObject({ eligible: true, progress: 1 });
  expect(summary(committed[0])).toEqual([['x', pathConfig, false, true, 1]]);
});

it("re-evaluates only learners enrolled in the configuration's context", async () => {
  await ok(
    record(app, {
      enrollments: [enrollment('w', { courseId: D.id })],
      completions: completions('w', D, done(10)),
    }),
  );
  expect(await rows('w')).toEqual([]);
  expect(committed).toEqual([]);
});

it('records nothing and tells nobody when a batch changes no fact', async () => {
  const before = await snapshotTables(app.databaseUrl, ['learner_eligibility']);
  const result = await ok(record(app, { completions: completions('x', D, done(8), at(1)) }));
  expect(result.recordProgress.accepted).toBe(0);
  expect(committed).toEqual([]);
  expect(await snapshotTables(app.databaseUrl, ['learner_eligibility'])).toEqual(before);
});

it('records a loss of eligibility when a newer fact lowers progress', async () => {
  // Blocks 0 and 1 drop to 0: completion 7/10 = 0.7 against 0.8.
  await ok(record(app, { completions: completions('x', C, [0, 0], at(2)) }));
  expect(await rowOf('x', courseConfig)).toMatchObject({ eligible: false, progress: 0.875 });
  expect(await rowOf('x', pathConfig)).toMatchObject({ eligible: false });
  const last = committed.at(-1)!;
  expect(last.find((c) => c.configurationId === courseConfig)).toMatchObject({
    wasEligible: true,
    eligible: false,
  });
});

it('rolls the whole batch back when an in-transaction listener fails', async () => {
  const before = await snapshotTables(app.databaseUrl, [
    'enrollment',
    'block_completion',
    'learner_eligibility',
  ]);
  failInTransaction = true;
  const result = await record(app, {
    enrollments: [enrollment('y', { courseId: C.id })],
    completions: completions('y', C, done(10)),
  });
  expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(
    await snapshotTables(app.databaseUrl, [
      'enrollment',
      'block_completion',
      'learner_eligibility',
    ]),
  ).toEqual(before);
});

it('keeps the batch when a listener fails after the commit', async () => {
  failAfterCommit = true;
  const result = await ok(
    record(app, {
      enrollments: [enrollment('z', { courseId: C.id })],
      completions: completions('z', C, done(10)),
    }),
  );
  expect(result.recordProgress.accepted).toBe(11);
  expect(await rowOf('z', courseConfig)).toMatchObject({ eligible: true });
});

it('sees the facts of a concurrent batch for the same learner (batches per learner take turns)', async () => {
  await upsertLearners(app, ['v']);
  await ok(record(app, { enrollments: [enrollment('v', { courseId: C.id })] }));
  const half = (from: number) =>
    C.blocks.slice(from, from + 5).map((block) => ({
      learnerId: 'v',
      courseId: C.id,
      blockId: block.id,
      completion: 1,
      occurredAt: at(5),
    }));
  const results = await Promise.all([
    record(app, { completions: half(0) }),
    record(app, { completions: half(5) }),
  ]);
  expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
  expect(await rowOf('v', courseConfig)).toMatchObject({ eligible: true, progress: 1 });
});
