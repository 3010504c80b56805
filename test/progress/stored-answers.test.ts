import { openOrm, type Orm } from '../../src/db/orm';
import { CredentialConfiguration } from '../../src/modules/credentials';
import {
  configurationRules,
  type Evaluation,
  evaluateConfiguration,
  evaluateTargets,
} from '../../src/modules/eligibility';
import { UpdateConfigurationDocument } from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import {
  at,
  completion,
  completions,
  createConfiguration,
  done,
  enrollment,
  grade,
  ok,
  type Progress,
  progressOf,
  query,
  record,
  scores,
  testCourse,
  upsertCourse,
  upsertLearners,
  upsertPath,
} from './helpers';

/**
 * learnerProgress is served from the evaluations stored in learner_eligibility. After
 * every kind of change, each enrolled learner's stored answer must equal a recompute
 * from the facts, and learnerProgress must answer it.
 */
let app: TestApp;
let orm: Orm;
const C = testCourse('course-v1:Stored+C+2026', { blocks: 10 });
const D = testCourse('course-v1:Stored+D+2026', { blocks: 4 });
const P = 'path-v1:Stored+P+2026+A';
const LEARNERS = ['s1', 's2', 's3', 'outsider'];
let courseConfig: string;

/** What a stored JSON evaluation reads back as. */
const asStored = (evaluation: Evaluation): Evaluation => JSON.parse(JSON.stringify(evaluation));

/** The rules as the ORM reads them: a path independent of the stored answers' own SQL. */
const enabledConfigurations = async () =>
  (
    await orm.em
      .fork()
      .find(CredentialConfiguration, { enabled: true }, { orderBy: { tier: 'asc', id: 'asc' } })
  ).map(configurationRules);

/** Every enrolled learner of every enabled configuration has a stored answer equal to a recompute. */
async function expectStoredAnswersExact(): Promise<number> {
  const expected = new Map<string, Evaluation>();
  for (const configuration of await enabledConfigurations()) {
    for (const result of await evaluateConfiguration(orm.em.fork(), configuration)) {
      expected.set(`${result.learnerId} ${configuration.id}`, asStored(result.evaluation));
    }
  }
  const stored = await query<{
    learner_id: string;
    configuration_id: string;
    evaluation: Evaluation;
  }>(
    app,
    `select e.learner_id, e.configuration_id, e.evaluation from learner_eligibility e
     join credential_configuration c on c.id = e.configuration_id where c.enabled`,
  );
  expect(
    new Map(stored.map((row) => [`${row.learner_id} ${row.configuration_id}`, row.evaluation])),
  ).toEqual(expected);
  return expected.size;
}

/** The evaluation fields of a learnerProgress answer. */
const answerOf = (progress: Progress): Evaluation => ({
  eligible: progress.eligible,
  enrolled: progress.enrolled,
  progress: progress.progress,
  requirements: progress.requirements,
  steps:
    progress.steps?.map((step) => ({
      courseId: step.course.id,
      eligible: step.eligible,
      requirements: step.requirements,
    })) ?? null,
});

/** learnerProgress of every learner (enrolled or not) in C and P equals a recompute. */
async function expectAnswersRecomputed(): Promise<void> {
  const configurations = await enabledConfigurations();
  for (const learnerId of LEARNERS) {
    for (const context of [{ courseId: C.id }, { learningPathId: P }]) {
      const inContext = configurations.filter((c) =>
        'courseId' in context
          ? c.courseId === context.courseId
          : c.learningPathId === context.learningPathId,
      );
      const recomputed = await evaluateTargets(
        orm.em.fork(),
        inContext.map((configuration) => ({ learnerId, configuration })),
      );
      const answers = await progressOf(app, learnerId, context);
      expect(answers.map(answerOf)).toEqual(recomputed.map((r) => asStored(r.evaluation)));
    }
  }
}

async function expectExact(): Promise<void> {
  expect(await expectStoredAnswersExact()).toBeGreaterThan(0);
  await expectAnswersRecomputed();
}

beforeAll(async () => {
  app = await startTestApp();
  orm = await openOrm({ url: app.databaseUrl });
  await upsertCourse(app, C);
  await upsertCourse(app, D);
  await upsertPath(app, P, [C.id, D.id]);
  await upsertLearners(app, LEARNERS);
  courseConfig = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.5), grade(0.5)],
  });
  await createConfiguration(app, {
    learningPathId: P,
    requirements: [completion(0.5)],
    stepOverrides: [{ courseId: D.id, requirements: [completion(1)] }],
  });
  await ok(
    record(app, {
      enrollments: ['s1', 's2', 's3'].flatMap((id) => [
        enrollment(id, { courseId: C.id }),
        enrollment(id, { learningPathId: P }),
      ]),
      completions: [
        ...completions('s1', C, done(6)),
        ...completions('s2', C, done(4, [0.5])),
        ...completions('s1', D, done(4)),
        ...completions('s2', D, done(3)),
        ...completions('outsider', C, done(10)),
      ],
      scores: [
        ...scores('s1', C.id, { [`${C.id}/exam-1`]: 90, [`${C.id}/homework-1`]: 80 }),
        ...scores('s2', C.id, { [`${C.id}/lab-1`]: 60 }),
      ],
    }),
  );
});
afterAll(async () => {
  await orm?.close();
  await app?.stop();
});

it('stores the answer of every enrolled learner at ingest and serves learnerProgress from it', async () => {
  await expectExact();
  // The read comes from the stored row, not from a recompute.
  await query(
    app,
    `update learner_eligibility
     set evaluation = jsonb_set(evaluation, '{progress}', '0.1234')
     where learner_id = 's1' and configuration_id = $1`,
    [courseConfig],
  );
  const [served] = await progressOf(app, 's1', { courseId: C.id });
  expect(served.progress).toBe(0.1234);
  // A row without a stored answer is evaluated afresh.
  await query(
    app,
    `update learner_eligibility set evaluation = null
     where learner_id = 's1' and configuration_id = $1`,
    [courseConfig],
  );
  await expectAnswersRecomputed();
  await ok(record(app, { completions: completions('s1', C, done(7), at(1)) }));
  await expectExact();
});

it('keeps the answers exact when a configuration is created or its rules change', async () => {
  const distinction = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.3)],
    tier: 2,
  });
  await expectExact();
  await ok(
    app.gql(
      UpdateConfigurationDocument,
      { id: distinction, input: { requirements: [completion(0.9), grade(0.2)] } },
      app.adminToken,
    ),
  );
  await expectExact();
  // Rules changed while disabled: the answers are stored again when it is enabled.
  await ok(
    app.gql(
      UpdateConfigurationDocument,
      { id: distinction, input: { enabled: false } },
      app.adminToken,
    ),
  );
  await upsertCourse(app, testCourse(C.id, { blocks: 8 }));
  await ok(
    app.gql(
      UpdateConfigurationDocument,
      { id: distinction, input: { enabled: true } },
      app.adminToken,
    ),
  );
  await expectExact();
});

it('keeps the answers exact when a course changes its blocks, items or grading policy', async () => {
  await upsertCourse(app, testCourse(C.id, { blocks: 12 }));
  await expectExact();
  const optional = testCourse(C.id, {
    blocks: 12,
    policy: [
      ['Exam', 0.5],
      ['Homework', 0.5],
    ],
  });
  optional.blocks[0].optional = true;
  await upsertCourse(app, optional);
  await expectExact();
  // A step course of the path.
  await upsertCourse(app, testCourse(D.id, { blocks: 2 }));
  await expectExact();
});

it('keeps the answers exact when the steps of a path change', async () => {
  await upsertPath(app, P, [D.id, C.id]);
  await expectExact();
  await upsertPath(app, P, [D.id]);
  await expectExact();
  await upsertPath(app, P, [C.id, D.id]);
  await expectExact();
});

it('keeps the answers exact when facts arrive out of order', async () => {
  const block = (value: number, minutes: number) =>
    completions('s3', C, [value], at(minutes)).map((c) => ({ ...c, blockId: C.blocks[0].id }));
  await ok(
    record(app, { completions: [...block(1, 20), ...completions('s3', D, done(2), at(20))] }),
  );
  await ok(record(app, { completions: block(0, 10) }));
  await ok(record(app, { scores: scores('s3', C.id, { [`${C.id}/exam-1`]: 95 }, at(30)) }));
  await ok(record(app, { scores: scores('s3', C.id, { [`${C.id}/exam-1`]: 5 }, at(25)) }));
  await expectExact();
  // An enrollment that ends changes `enrolled` and nothing else.
  await ok(record(app, { enrollments: [enrollment('s3', { courseId: C.id }, false, at(40))] }));
  await ok(record(app, { enrollments: [enrollment('s3', { courseId: C.id }, true, at(35))] }));
  await expectExact();
  const [s3] = await progressOf(app, 's3', { courseId: C.id });
  expect(s3.enrolled).toBe(false);
});

it('keeps the answers exact when ingests and rule changes run at the same time', async () => {
  const block = (i: number) =>
    completions('s2', C, [1], at(50 + i)).map((c) => ({ ...c, blockId: C.blocks[1 + i].id }));
  await Promise.all([
    ...[0, 1, 2, 3].map((i) => ok(record(app, { completions: block(i) }))),
    ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: courseConfig, input: { requirements: [completion(0.6), grade(0.4)] } },
        app.adminToken,
      ),
    ),
    upsertCourse(app, testCourse(C.id, { blocks: 11 })),
    upsertPath(app, P, [D.id, C.id]),
  ]);
  await expectExact();
});
