import { LearnerProgressDocument } from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  grade,
  ok,
  record,
  scores,
  upsertCourse,
  upsertLearners,
  upsertPath,
  testCourse,
} from './helpers';

/**
 * No N+1: the number of SQL statements of a progress query does not grow with the
 * number of courses it covers. Enrolled learners' answers are read with the
 * configurations from the stored evaluations: one statement for every context.
 */
let app: TestApp;
const SIZES = [1, 10, 50] as const;
const courses = Array.from({ length: 50 }, (_, i) =>
  testCourse(`course-v1:Count+C${i}+2026`, { blocks: 5 }),
);
const pathOf = (size: number) => `path-v1:Count+P${size}+2026+A`;

beforeAll(async () => {
  app = await startTestApp();
  await upsertLearners(app, ['learner']);
  // Ten courses at a time: 150 mutations one by one outlast a busy machine's hook timeout.
  for (let start = 0; start < courses.length; start += 10) {
    await Promise.all(
      courses.slice(start, start + 10).map(async (course) => {
        await upsertCourse(app, course);
        await createConfiguration(app, { courseId: course.id, requirements: [completion(0.5)] });
        await createConfiguration(app, {
          courseId: course.id,
          requirements: [completion(0.9), grade(0.8)],
          tier: 1,
        });
      }),
    );
  }
  for (const size of SIZES) {
    await upsertPath(
      app,
      pathOf(size),
      courses.slice(0, size).map((c) => c.id),
    );
    await createConfiguration(app, {
      learningPathId: pathOf(size),
      requirements: [completion(0.5)],
    });
  }
  await ok(
    record(app, {
      enrollments: [
        ...courses.map((c) => enrollment('learner', { courseId: c.id })),
        ...SIZES.map((size) => enrollment('learner', { learningPathId: pathOf(size) })),
      ],
      completions: courses.flatMap((c) => completions('learner', c, [1, 1, 0.5])),
      scores: courses.flatMap((c) => scores('learner', c.id, { [`${c.id}/exam-1`]: 70 })),
    }),
  );
}, 90_000);
afterAll(() => app.stop());

/** Statements the ORM sent while answering one request. */
async function statementsOf(request: () => Promise<{ errors?: unknown }>): Promise<number> {
  app.sql.length = 0;
  const result = await request();
  expect(result.errors).toBeUndefined();
  return app.sql.length;
}

it('learnerProgress over a learning path of 1, 10 and 50 courses sends the same number of statements', async () => {
  const counts: number[] = [];
  for (const size of SIZES) {
    counts.push(
      await statementsOf(async () => {
        const result = await app.gql(
          LearnerProgressDocument,
          { learnerId: 'learner', learningPathId: pathOf(size) },
          app.adminToken,
        );
        expect(result.data?.learnerProgress[0].steps).toHaveLength(size);
        expect(result.data?.learnerProgress[0].eligible).toBe(true);
        return result;
      }),
    );
  }
  expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  // configurations with their stored evaluations, step courses, credentials
  expect(counts[0]).toBe(3);
});

it("a User's progress in 1, 10 and 50 courses (federated, one field per course) sends the same number of statements", async () => {
  const counts: number[] = [];
  for (const size of SIZES) {
    const fields = courses
      .slice(0, size)
      .map(
        (c, i) =>
          `c${i}: progress(courseId: "${c.id}") { eligible progress credential { id } requirements { current met } configuration { id name } }`,
      )
      .join('\n');
    counts.push(
      await statementsOf(async () => {
        const result = await app.raw(
          {
            query: `query ($representations: [_Any!]!) {
              _entities(representations: $representations) {
                ... on User { id credentials { id } ${fields} }
              }
            }`,
            variables: { representations: [{ __typename: 'User', id: 'learner' }] },
          },
          { authorization: `Bearer ${app.adminToken}` },
        );
        const user = (result.data as { _entities: Record<string, { eligible: boolean }[]>[] })
          ._entities[0];
        expect(Object.keys(user).filter((k) => k.startsWith('c'))).toHaveLength(size + 1);
        expect(user.c0.map((p) => p.eligible)).toEqual([true, false]);
        return result;
      }),
    );
  }
  expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  // configurations with their stored evaluations, credentials per pair, credentials of the user
  expect(counts[0]).toBe(3);
});
