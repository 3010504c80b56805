import {
  CourseDocument,
  CoursesDocument,
  type CoursesQuery,
  LearningPathDocument,
  LearningPathsDocument,
  UpsertCourseDocument,
  UpsertLearnerDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
import { courseInput } from '../support/fixtures';
import { query } from '../progress/helpers';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ MAX_PAGE_SIZE: '5' });
});
afterAll(() => app.stop());

const C1 = 'course-v1:Laurel+CAT101+2026';

describe('upsertCourse', () => {
  it('creates a course with policy, blocks and graded items, and replaces them on upsert', async () => {
    const created = await app.gql(
      UpsertCourseDocument,
      { input: courseInput(C1, { blocks: 3 }) },
      app.adminToken,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.upsertCourse.blocks.map((b) => b.id)).toEqual([
      `${C1}/block-0`,
      `${C1}/block-1`,
      `${C1}/block-2`,
    ]);
    expect(created.data?.upsertCourse.gradingPolicy).toHaveLength(3);
    expect(created.data?.upsertCourse.language).toBe('en');

    const replaced = await app.gql(
      UpsertCourseDocument,
      {
        input: {
          ...courseInput(C1, { blocks: 2, policy: [['Exam', 1]] }),
          title: 'Renamed',
          language: 'pt-BR',
          blocks: [{ id: `${C1}/block-1`, optional: true }, { id: `${C1}/new` }],
        },
      },
      app.adminToken,
    );
    expect(replaced.errors).toBeUndefined();
    const course = (await app.gql(CourseDocument, { id: C1 }, app.adminToken)).data?.course;
    expect(course).toMatchObject({ title: 'Renamed', language: 'pt-BR' });
    expect(course?.blocks).toEqual([
      { id: `${C1}/block-1`, optional: true },
      { id: `${C1}/new`, optional: false },
    ]);
    expect(course?.gradedItems.map((g) => g.assignmentType)).toEqual(['Exam']);
  });

  it('returns null for an unknown course', async () => {
    const result = await app.gql(
      CourseDocument,
      { id: 'course-v1:No+Such+Course' },
      app.adminToken,
    );
    expect(result.data?.course).toBeNull();
  });

  it('refuses a block id that belongs to another course, naming it, and writes nothing', async () => {
    const other = 'course-v1:Laurel+CAT102+2026';
    const result = await app.gql(
      UpsertCourseDocument,
      { input: { ...courseInput(other, { blocks: 1 }), blocks: [{ id: `${C1}/new` }] } },
      app.adminToken,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'blocks[0].id',
    });
    expect((await app.gql(CourseDocument, { id: other }, app.adminToken)).data?.course).toBeNull();
  });
});

describe('upsertLearningPath', () => {
  const P = 'path-v1:Laurel+DATA+2026+A';
  it('keeps the steps in the given order and lists the path on its courses', async () => {
    const c2 = 'course-v1:Laurel+CAT103+2026';
    await app.gql(UpsertCourseDocument, { input: courseInput(c2) }, app.adminToken);
    const result = await app.gql(
      UpsertLearningPathDocument,
      { input: { id: P, title: 'Data path', steps: [c2, C1] } },
      app.adminToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.upsertLearningPath.steps.map((s) => s.id)).toEqual([c2, C1]);
    const course = await app.gql(CourseDocument, { id: C1 }, app.adminToken);
    expect(course.data?.course?.learningPaths).toEqual([{ id: P }]);

    await app.gql(
      UpsertLearningPathDocument,
      { input: { id: P, title: 'Data path', steps: [C1] } },
      app.adminToken,
    );
    const path = await app.gql(LearningPathDocument, { id: P }, app.adminToken);
    expect(path.data?.learningPath?.steps).toEqual([{ id: C1 }]);
  });
});

describe('a failing batch load', () => {
  const P = 'path-v1:Laurel+FAIL+2026+A';
  const C = 'course-v1:Laurel+FAIL101+2026';

  /** Runs `read` while every read of `table` fails in PostgreSQL (a view that divides by zero). */
  async function whileUnreadable<T>(table: string, read: () => Promise<T>): Promise<T> {
    await query(
      app,
      `alter table ${table} rename to ${table}_kept;
       create view ${table} as select * from ${table}_kept where 1 / (select count(*) - count(*) from ${table}_kept) = 1`,
    );
    try {
      return await read();
    } finally {
      await query(app, `drop view ${table}; alter table ${table}_kept rename to ${table}`);
    }
  }

  beforeAll(async () => {
    await app.gql(UpsertCourseDocument, { input: courseInput(C) }, app.adminToken);
    await app.gql(
      UpsertLearningPathDocument,
      { input: { id: P, title: 'Failing path', steps: [C] } },
      app.adminToken,
    );
  });
  afterAll(() => query(app, 'delete from learning_path where id = $1', [P]));

  it("fails a path's steps instead of answering a partial list", async () => {
    const result = await whileUnreadable('course', () =>
      app.gql(LearningPathDocument, { id: P }, app.adminToken),
    );
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data?.learningPath?.steps).toBeUndefined();
  });

  it("fails a course's learning paths instead of answering a partial list", async () => {
    const result = await whileUnreadable('learning_path', () =>
      app.gql(CourseDocument, { id: C }, app.adminToken),
    );
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data?.course?.learningPaths).toBeUndefined();
  });
});

describe('upsertLearner', () => {
  it('creates then updates a learner', async () => {
    await app.gql(UpsertLearnerDocument, { input: { id: '42', name: 'Ada' } }, app.ingestToken);
    const updated = await app.gql(
      UpsertLearnerDocument,
      { input: { id: '42', name: 'Ada Lovelace', email: 'ada@example.org' } },
      app.ingestToken,
    );
    expect(updated.data?.upsertLearner).toEqual({
      id: '42',
      name: 'Ada Lovelace',
      username: null,
      email: 'ada@example.org',
    });
  });
});

describe('pagination', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await app.gql(
        UpsertCourseDocument,
        { input: courseInput(`course-v1:Page+P${i}+2026`, { blocks: 0 }) },
        app.adminToken,
      );
    }
  });

  it('walks every course exactly once with first/after', async () => {
    const seen: string[] = [];
    let after: string | null | undefined = undefined;
    let pages = 0;
    for (;;) {
      const page: GraphQLResponse<CoursesQuery> = await app.gql(
        CoursesDocument,
        { first: 4, after },
        app.adminToken,
      );
      expect(page.errors).toBeUndefined();
      const connection = page.data!.courses;
      seen.push(...connection.edges.map((e) => e.node.id));
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const total = (await app.gql(CoursesDocument, { first: 1 }, app.adminToken)).data!.courses
      .totalCount;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());
    expect(pages).toBe(Math.ceil(total / 4));
  });

  it('returns an empty last page and no end cursor past the end', async () => {
    const all = await app.gql(CoursesDocument, { first: 5 }, app.adminToken);
    const last = all.data!.courses.edges.at(-1)!.cursor;
    const rest = await app.gql(CoursesDocument, { first: 5, after: last }, app.adminToken);
    const next = await app.gql(
      CoursesDocument,
      { first: 5, after: rest.data!.courses.pageInfo.endCursor },
      app.adminToken,
    );
    expect(next.data!.courses.edges).toEqual([]);
    expect(next.data!.courses.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it.each([
    [{ first: 6 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ first: 2, after: 'not-a-cursor' }, 'after'],
  ])('rejects %j with BAD_USER_INPUT on %s', async (variables, field) => {
    const result = await app.gql(CoursesDocument, variables, app.adminToken);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('paginates learning paths too', async () => {
    const result = await app.gql(LearningPathsDocument, { first: 5 }, app.adminToken);
    expect(result.data?.learningPaths.totalCount).toBe(1);
  });
});

describe('upsertLearningPath by path staff', () => {
  const MINE = 'course-v1:Laurel+OWN1+2026';
  const FOREIGN = 'course-v1:Laurel+FOREIGN1+2026';
  const EXISTING = 'path-v1:Laurel+STAFF+2026+A';
  const pathStaff = (path: string, staffCourses: string[] = []) =>
    app.token({ subject: 'path-teacher', staffPaths: [path], staffCourses });
  const upsert = (token: string, id: string, steps: string[], title = 'Staff path') =>
    app.gql(UpsertLearningPathDocument, { input: { id, title, steps } }, token);
  const stepsOf = async (id: string) =>
    (await app.gql(LearningPathDocument, { id }, app.adminToken)).data?.learningPath?.steps.map(
      (step) => step.id,
    ) ?? null;

  beforeAll(async () => {
    for (const id of [MINE, FOREIGN]) {
      await app.gql(UpsertCourseDocument, { input: courseInput(id) }, app.adminToken);
    }
    await upsert(app.adminToken, EXISTING, [FOREIGN, C1]);
  });

  it('may not create a path on a course it does not manage: FORBIDDEN naming it, nothing written', async () => {
    const P = 'path-v1:Laurel+STAFF+2026+NEW';
    const before = await snapshotTables(app.databaseUrl);
    const result = await upsert(await pathStaff(P, [MINE]), P, [MINE, FOREIGN]);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0].message).toContain(FOREIGN);
    expect(result.errors?.[0].message).not.toContain(MINE);
    expect(await snapshotTables(app.databaseUrl)).toEqual(before);
    expect(await stepsOf(P)).toBeNull();
  });

  it('may create a path on courses it manages', async () => {
    const P = 'path-v1:Laurel+STAFF+2026+MINE';
    const result = await upsert(await pathStaff(P, [MINE]), P, [MINE]);
    expect(result.errors).toBeUndefined();
    expect(await stepsOf(P)).toEqual([MINE]);
  });

  it('may keep, reorder and drop existing steps it does not manage, but not add one', async () => {
    const staff = await pathStaff(EXISTING);
    const kept = await upsert(staff, EXISTING, [C1, FOREIGN], 'Renamed');
    expect(kept.errors).toBeUndefined();
    expect(await stepsOf(EXISTING)).toEqual([C1, FOREIGN]);

    const dropped = await upsert(staff, EXISTING, [FOREIGN], 'Renamed');
    expect(dropped.errors).toBeUndefined();
    expect(await stepsOf(EXISTING)).toEqual([FOREIGN]);

    const before = await snapshotTables(app.databaseUrl);
    const readded = await upsert(staff, EXISTING, [FOREIGN, C1], 'Renamed again');
    expect(readded.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(readded.errors?.[0].message).toContain(C1);
    expect(await snapshotTables(app.databaseUrl)).toEqual(before);
  });

  it('the ingest role and admins add any course', async () => {
    const P = 'path-v1:Laurel+STAFF+2026+INGEST';
    expect((await upsert(app.ingestToken, P, [FOREIGN])).errors).toBeUndefined();
    expect((await upsert(app.adminToken, P, [FOREIGN, MINE])).errors).toBeUndefined();
    expect(await stepsOf(P)).toEqual([FOREIGN, MINE]);
  });
});
