import { startTestApp, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
import {
  at,
  completions,
  enrollment,
  ok,
  query,
  record,
  scores,
  upsertCourse,
  upsertLearners,
  upsertPath,
  testCourse,
} from './helpers';

const FACT_TABLES = ['enrollment', 'block_completion', 'item_score', 'learner_eligibility'];

let app: TestApp;
const C = testCourse('course-v1:Ingest+C1+2026', { blocks: 5 });
const OTHER = testCourse('course-v1:Ingest+C2+2026', { blocks: 2 });
const P = 'path-v1:Ingest+P+2026+A';
beforeAll(async () => {
  app = await startTestApp({ MAX_BATCH_FACTS: '20' });
  await upsertCourse(app, C);
  await upsertCourse(app, OTHER);
  await upsertPath(app, P, [C.id]);
  await upsertLearners(app, ['a', 'b', "o'brien?"]);
});
afterAll(() => app.stop());

const completionOf = async (learnerId: string, blockId: string) =>
  (
    await query<{ completion: number }>(
      app,
      'select completion from block_completion where learner_id = $1 and block_id = $2',
      [learnerId, blockId],
    )
  )[0]?.completion;

describe('recordProgress', () => {
  it('writes enrollments, completions and scores and counts them', async () => {
    const result = await ok(
      record(app, {
        enrollments: [enrollment('a', { courseId: C.id }), enrollment('a', { learningPathId: P })],
        completions: completions('a', C, [1, 0.5]),
        scores: scores('b', C.id, { [`${C.id}/exam-1`]: 80 }),
      }),
    );
    expect(result.recordProgress).toEqual({ accepted: 5, ignoredAsStale: 0, affectedLearners: 2 });
    expect(
      await query(
        app,
        `select learner_id, course_id, learning_path_id, active from enrollment
          where learner_id = 'a' order by course_id nulls last`,
      ),
    ).toEqual([
      { learner_id: 'a', course_id: C.id, learning_path_id: null, active: true },
      { learner_id: 'a', course_id: null, learning_path_id: P, active: true },
    ]);
    expect(
      await query(app, `select item_id, course_id, earned from item_score where learner_id = 'b'`),
    ).toEqual([{ item_id: `${C.id}/exam-1`, course_id: C.id, earned: 80 }]);
  });

  it('is idempotent: the same batch again changes nothing and counts as stale', async () => {
    const batch = {
      enrollments: [enrollment('b', { courseId: C.id }, true, at(5))],
      completions: completions('b', C, [1, 1, 0.25], at(5)),
      scores: scores('b', C.id, { [`${C.id}/lab-1`]: 50 }, at(5)),
    };
    expect((await ok(record(app, batch))).recordProgress.accepted).toBe(5);
    const before = await snapshotTables(app.databaseUrl, FACT_TABLES);
    const again = await ok(record(app, batch));
    expect(again.recordProgress).toEqual({ accepted: 0, ignoredAsStale: 5, affectedLearners: 0 });
    expect(await snapshotTables(app.databaseUrl, FACT_TABLES)).toEqual(before);
  });

  it('never lets an older fact overwrite a newer one', async () => {
    const block = C.blocks[4].id;
    const fact = (completion: number, minutes: number) => ({
      completions: [
        { learnerId: 'a', courseId: C.id, blockId: block, completion, occurredAt: at(minutes) },
      ],
    });
    expect((await ok(record(app, fact(0.9, 10)))).recordProgress.accepted).toBe(1);
    expect((await ok(record(app, fact(0.2, 5)))).recordProgress).toEqual({
      accepted: 0,
      ignoredAsStale: 1,
      affectedLearners: 0,
    });
    expect(await completionOf('a', block)).toBe(0.9);
    expect((await ok(record(app, fact(0.2, 10)))).recordProgress.ignoredAsStale).toBe(1);
    expect((await ok(record(app, fact(0.4, 11)))).recordProgress.accepted).toBe(1);
    expect(await completionOf('a', block)).toBe(0.4);

    const late = await ok(
      record(app, {
        enrollments: [enrollment('a', { courseId: C.id }, false, at(-60))],
      }),
    );
    expect(late.recordProgress.ignoredAsStale).toBe(1);
    const [row] = await query<{ active: boolean }>(
      app,
      `select active from enrollment where learner_id = 'a' and course_id = $1`,
      [C.id],
    );
    expect(row.active).toBe(true);
  });

  it('keeps the latest of several facts about one row within a batch', async () => {
    const block = C.blocks[3].id;
    const result = await ok(
      record(app, {
        completions: [
          { learnerId: 'b', courseId: C.id, blockId: block, completion: 0.7, occurredAt: at(30) },
          { learnerId: 'b', courseId: C.id, blockId: block, completion: 0.1, occurredAt: at(20) },
          { learnerId: 'b', courseId: C.id, blockId: block, completion: 0.3, occurredAt: at(25) },
        ],
      }),
    );
    expect(result.recordProgress).toEqual({ accepted: 1, ignoredAsStale: 2, affectedLearners: 1 });
    expect(await completionOf('b', block)).toBe(0.7);
  });

  it('handles ids with quotes and question marks', async () => {
    const result = await ok(record(app, { completions: completions("o'brien?", C, [0.5]) }));
    expect(result.recordProgress.accepted).toBe(1);
    expect(await completionOf("o'brien?", C.blocks[0].id)).toBe(0.5);
  });

  it('accepts an empty batch', async () => {
    expect((await ok(record(app, {}))).recordProgress).toEqual({
      accepted: 0,
      ignoredAsStale: 0,
      affectedLearners: 0,
    });
  });
});

describe('recordProgress rejects a bad batch whole', () => {
  it('lists every bad fact with its index and field, and writes nothing', async () => {
    const before = await snapshotTables(app.databaseUrl, FACT_TABLES);
    const good = completions('a', C, [1])[0];
    const result = await record(app, {
      enrollments: [
        enrollment('a', { courseId: C.id }, true, at(100)),
        { learnerId: 'a', courseId: C.id, learningPathId: P, active: true, occurredAt: at(100) },
        { learnerId: 'a', active: true, occurredAt: at(100) },
        enrollment('nobody', { courseId: C.id }, true, at(100)),
        enrollment('a', { courseId: 'course-v1:No+Such+Course' }, true, at(100)),
        enrollment('a', { learningPathId: 'path-v1:No+Such+Path' }, true, at(100)),
      ],
      completions: [
        { ...good, occurredAt: at(100) },
        { ...good, completion: 1.5 },
        { ...good, blockId: 'no-such-block' },
        { ...good, blockId: OTHER.blocks[0].id },
        { ...good, completion: -0.1, occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      ],
      scores: [
        ...scores('a', C.id, { [`${C.id}/exam-1`]: 100.5 }),
        ...scores('a', C.id, { [`${C.id}/lab-1`]: -1 }),
        ...scores('a', C.id, { [`${OTHER.id}/exam-1`]: 1 }),
      ],
    });
    expect(result.errors).toHaveLength(1);
    const extensions = result.errors![0].extensions!;
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.field).toBe('enrollments[1].courseId');
    const problems = extensions.problems as { field: string; index: number; message: string }[];
    expect(problems.map((p) => [p.field, p.index])).toEqual([
      ['enrollments[1].courseId', 1],
      ['enrollments[2].courseId', 2],
      ['enrollments[3].learnerId', 3],
      ['enrollments[4].courseId', 4],
      ['enrollments[5].learningPathId', 5],
      ['completions[1].completion', 1],
      ['completions[2].blockId', 2],
      ['completions[3].blockId', 3],
      ['completions[4].occurredAt', 4],
      ['completions[4].completion', 4],
      ['scores[0].earned', 0],
      ['scores[1].earned', 1],
      ['scores[2].itemId', 2],
    ]);
    expect(problems.find((p) => p.field === 'completions[3].blockId')?.message).toBe(
      `block "${OTHER.blocks[0].id}" is not in course "${C.id}"`,
    );
    expect(problems.find((p) => p.field === 'scores[0].earned')?.message).toBe(
      "must be at most the item's 100 possible points",
    );
    expect(await snapshotTables(app.databaseUrl, FACT_TABLES)).toEqual(before);
  });

  it(`refuses more facts than MAX_BATCH_FACTS (20 here), in one list or across lists`, async () => {
    const one = completions('a', C, [1]);
    const inOneList = await record(app, { completions: Array<(typeof one)[0]>(21).fill(one[0]) });
    expect(inOneList.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'ProgressBatchInput.completions',
    });
    expect(inOneList.errors?.[0].message).toContain('at most 20 are allowed');

    const acrossLists = await record(app, {
      completions: Array<(typeof one)[0]>(11).fill(one[0]),
      scores: Array(10).fill(scores('a', C.id, { [`${C.id}/exam-1`]: 80 })[0]),
    });
    expect(acrossLists.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input',
    });
    expect(acrossLists.errors?.[0].message).toContain('at most 20 facts');
  });

  it('rejects NaN-like values GraphQL cannot carry before the resolver runs', async () => {
    const result = await app.raw(
      {
        query:
          'mutation ($v: Float!) { recordProgress(input: { completions: [{ learnerId: "a", courseId: "x", blockId: "y", completion: $v, occurredAt: "2026-01-01T00:00:00Z" }] }) { accepted } }',
        variables: { v: 'NaN' },
      },
      { authorization: `Bearer ${app.ingestToken}` },
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
