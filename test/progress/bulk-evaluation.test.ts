import type { EntityManager } from '@mikro-orm/postgresql';
import { openOrm, type Orm } from '../../src/db/orm';
import {
  type ConfigurationRules,
  evaluateConfiguration,
} from '../../src/modules/eligibility/bulk-evaluation';
import { startTestApp, type TestApp } from '../support/app';
import {
  completions,
  done,
  enrollment,
  ok,
  record,
  scores,
  upsertCourse,
  upsertLearners,
  upsertPath,
  testCourse,
} from './helpers';

/** evaluateConfiguration against the database: every enrolled learner, constant statements. */
let app: TestApp;
let orm: Orm;
const sql: string[] = [];
const C = testCourse('course-v1:Bulk+C+2026', { blocks: 10, policy: [['Exam', 1]] });
const D = testCourse('course-v1:Bulk+D+2026', { blocks: 4, policy: [['Exam', 1]] });
const P = 'path-v1:Bulk+P+2026+A';
const learners = Array.from({ length: 30 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`);

const courseRules: ConfigurationRules = {
  id: '00000000-0000-4000-8000-000000000001',
  courseId: C.id,
  learningPathId: null,
  requirements: [
    { kind: 'COMPLETION', min: 0.8 },
    { kind: 'GRADE', min: 0.5 },
  ],
  stepOverrides: [],
};
const pathRules: ConfigurationRules = {
  id: '00000000-0000-4000-8000-000000000002',
  courseId: null,
  learningPathId: P,
  requirements: [{ kind: 'COMPLETION', min: 0.5 }],
  stepOverrides: [{ courseId: D.id, requirements: [{ kind: 'COMPLETION', min: 1 }] }],
};

beforeAll(async () => {
  app = await startTestApp();
  await upsertCourse(app, C);
  await upsertCourse(app, D);
  await upsertPath(app, P, [C.id, D.id]);
  await upsertLearners(app, [...learners, 'outsider']);
  // Learner i completes i % 11 blocks of C and scores (i * 3) % 100 on its exam; even
  // learners are enrolled actively, odd ones inactively; everyone completes D.
  await ok(
    record(app, {
      enrollments: learners.flatMap((id, i) => [
        enrollment(id, { courseId: C.id }, i % 2 === 0),
        enrollment(id, { learningPathId: P }, i % 2 === 0),
      ]),
      completions: [
        ...learners.flatMap((id, i) => completions(id, C, done(i % 11))),
        ...learners.flatMap((id) => completions(id, D, done(4))),
        ...completions('outsider', C, done(10)),
      ],
      scores: learners.flatMap((id, i) => scores(id, C.id, { [`${C.id}/exam-1`]: (i * 3) % 100 })),
    }),
  );
  orm = await openOrm({ url: app.databaseUrl, onQuery: (statement) => sql.push(statement) });
});
afterAll(async () => {
  await orm.close();
  await app.stop();
});

const em = (): EntityManager => orm.em.fork() as EntityManager;

function expectedCourse(i: number): boolean {
  return i % 2 === 0 && (i % 11) / 10 >= 0.8 && ((i * 3) % 100) / 100 >= 0.5;
}

it('evaluates every learner enrolled in a course configuration, active or not', async () => {
  sql.length = 0;
  const results = await evaluateConfiguration(em(), courseRules);
  expect(results.map((r) => r.learnerId)).toEqual(learners);
  expect(results.filter((r) => r.evaluation.eligible).map((r) => r.learnerId)).toEqual(
    learners.filter((_id, i) => expectedCourse(i)),
  );
  expect(results[9].evaluation).toMatchObject({ enrolled: false, eligible: false });
  expect(results[9].evaluation.requirements.map((p) => p.current)).toEqual([0.9, 0.27]);
  // enrolled learners (with their enrollments), course rules, facts
  expect(sql).toHaveLength(3);
});

it('sends the same statements for 3 learners as for 30', async () => {
  sql.length = 0;
  await evaluateConfiguration(em(), courseRules, learners.slice(0, 3));
  const few = sql.length;
  sql.length = 0;
  await evaluateConfiguration(em(), courseRules, learners);
  expect(sql.length).toBe(few);
});

it('evaluates a path configuration with step overrides', async () => {
  sql.length = 0;
  const results = await evaluateConfiguration(em(), pathRules);
  // C needs 0.5 (5 of 10 blocks), D needs 1 (all 4 done by everyone); active = even.
  const eligible = learners.filter((_id, i) => i % 2 === 0 && (i % 11) / 10 >= 0.5);
  expect(results.filter((r) => r.evaluation.eligible).map((r) => r.learnerId)).toEqual(eligible);
  expect(results[0].evaluation.steps?.map((s) => s.requirements.map((p) => p.required))).toEqual([
    [0.5],
    [1],
  ]);
  // enrolled learners (with their enrollments), path steps, course rules, facts
  expect(sql).toHaveLength(4);
});

it('evaluates given learners even without an enrollment', async () => {
  const [outsider] = await evaluateConfiguration(em(), courseRules, ['outsider']);
  expect(outsider.evaluation).toMatchObject({ enrolled: false, eligible: false });
  expect(outsider.evaluation.requirements[0]).toMatchObject({ current: 1, met: true });
});
