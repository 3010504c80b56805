import { Client } from 'pg';
import { SearchLearnersDocument, UpsertLearnerDocument } from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { enrollment, ok, query, record, upsertCourse, upsertPath, testCourse } from './helpers';

let app: TestApp;
const A = 'course-v1:Search+A+2026';
const B = 'course-v1:Search+B+2026';
const P = 'path-v1:Search+P+2026+X';
const LEARNERS = [
  { id: '1001', name: 'Ada Lovelace', username: 'ada', email: 'ada@example.org' },
  { id: '1002', name: 'Adam Smith', username: 'asmith', email: 'adam@example.org' },
  { id: '1003', name: 'Grenada Jones', username: 'gjones', email: 'g@example.org' },
  { id: '1004', name: 'Zoe Adams', username: 'zoe', email: 'zoe@example.org' },
  { id: '1005', name: 'Bob Brown', username: 'bob', email: 'bob.ada@example.org' },
];

beforeAll(async () => {
  app = await startTestApp();
  await upsertCourse(app, testCourse(A, { blocks: 1 }));
  await upsertCourse(app, testCourse(B, { blocks: 1 }));
  await upsertPath(app, P, [B]);
  for (const input of LEARNERS) {
    await ok(app.gql(UpsertLearnerDocument, { input }, app.ingestToken));
  }
  await ok(
    record(app, {
      enrollments: [
        enrollment('1001', { courseId: A }),
        enrollment('1001', { courseId: B }),
        enrollment('1002', { courseId: B }),
        enrollment('1003', { courseId: A }, false),
        enrollment('1004', { learningPathId: P }),
        enrollment('1005', { courseId: A }),
      ],
    }),
  );
});
afterAll(() => app.stop());

type Variables = { search: string; contextId?: string; first?: number; after?: string };

async function search(variables: Variables, token: string | null = app.adminToken) {
  const data = await ok(app.gql(SearchLearnersDocument, variables, token));
  return data.learners;
}
const ids = (connection: Awaited<ReturnType<typeof search>>) =>
  connection.edges.map((edge) => edge.node.id);

async function errorCode(variables: Variables, token: string | null) {
  const result = await app.gql(SearchLearnersDocument, variables, token);
  return result.errors?.[0]?.extensions?.code;
}

describe('learners', () => {
  it('ranks exact matches first, then prefixes (of the name or a word of it), then any substring', async () => {
    const found = await search({ search: 'ADA' });
    // 1001: username "ada"; 1002, 1004: a name or word starts with it; 1005 (email), 1003 (in "Grenada").
    expect(ids(found)).toEqual(['1001', '1002', '1004', '1005', '1003']);
    expect(found.totalCount).toBe(5);
    expect(found.edges[0].node.email).toBe('ada@example.org');
    expect(ids(await search({ search: '1003' }))).toEqual(['1003']);
    expect(ids(await search({ search: '100' }))).toHaveLength(5);
    expect(ids(await search({ search: '003' }))).toEqual([]); // ids match by prefix only
    expect((await search({ search: '%%' })).totalCount).toBe(0); // LIKE wildcards are literal
    expect(ids(await search({ search: ' zoe@EXAMPLE.org ' }))).toEqual(['1004']);
  });

  it('pages through the ranked matches with cursors', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const found = await search({ search: 'ada', first: 2, after });
      expect(found.totalCount).toBe(5);
      expect(found.pageInfo.hasNextPage).toBe(page < 2);
      seen.push(...ids(found));
      after = found.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(['1001', '1002', '1004', '1005', '1003']);
  });

  it('shows staff only the learners enrolled in what they manage, without emails', async () => {
    const staffA = await app.token({ subject: 'staff-a', staffCourses: [A] });
    const found = await search({ search: 'ada' }, staffA);
    // 1005 matches by email only, which staff neither see nor search.
    expect(ids(found)).toEqual(['1001', '1003']);
    expect(found.edges.map((edge) => edge.node.email)).toEqual([null, null]);
    expect(found.edges[0].node.contexts.map((context) => context.id)).toEqual([A]);
    expect(found.edges[1].node.contexts).toEqual([
      expect.objectContaining({ id: A, kind: 'COURSE', active: false }),
    ]);
    expect(ids(await search({ search: 'ada', contextId: A }, staffA))).toEqual(['1001', '1003']);
    expect(await errorCode({ search: 'ada', contextId: B }, staffA)).toBe('FORBIDDEN');

    const pathStaff = await app.token({ subject: 'staff-p', staffPaths: [P] });
    const inPath = await search({ search: 'ada' }, pathStaff);
    expect(ids(inPath)).toEqual(['1004']);
    expect(inPath.edges[0].node.contexts).toEqual([
      expect.objectContaining({ id: P, kind: 'LEARNING_PATH', active: true }),
    ]);

    expect(ids(await search({ search: 'ada', contextId: B }))).toEqual(['1001', '1002']);
    const learner = await app.token({ subject: '1001' });
    expect(await errorCode({ search: 'ada' }, learner)).toBe('FORBIDDEN');
    expect(await errorCode({ search: 'ada' }, null)).toBe('UNAUTHENTICATED');
  });

  it('refuses a search text that is too short or too long, and pages that are too big', async () => {
    expect(await errorCode({ search: ' a ' }, app.adminToken)).toBe('BAD_USER_INPUT');
    expect(await errorCode({ search: 'x'.repeat(101) }, app.adminToken)).toBe('BAD_USER_INPUT');
    expect(await errorCode({ search: 'ada', first: 1000 }, app.adminToken)).toBe('BAD_USER_INPUT');
    expect(await errorCode({ search: 'ada', after: 'bm90IGEgY3Vyc29y' }, app.adminToken)).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('loads the learners found and their contexts in two statements, however many they are', async () => {
    const statementsOf = async (text: string) => {
      app.sql.length = 0;
      const found = await search({ search: text });
      return { learners: found.edges.length, statements: app.sql.length };
    };
    expect(await statementsOf('1001')).toEqual({ learners: 1, statements: 2 });
    expect(await statementsOf('ada')).toEqual({ learners: 5, statements: 2 });
  });

  it('answers within 250 ms over 10,000 learners', async () => {
    await query(
      app,
      `insert into learner (id, name, username, email)
       select 'bulk-' || i, 'Bulk Learner ' || i, 'bulk' || i, 'bulk' || i || '@example.org'
       from generate_series(1, 10000) as i`,
    );
    await query(app, 'analyze learner');
    await search({ search: 'learner 99' }); // warm-up
    const started = performance.now();
    const found = await search({ search: 'learner 99' });
    const elapsed = performance.now() - started;
    expect(found.totalCount).toBe(111); // 99, 990-999, 9900-9999
    expect(elapsed).toBeLessThan(250);

    // The substring conditions can be served by the trigram indexes (at 10,000 rows a scan
    // is still cheaper, so the planner is told to avoid one; at 500,000 it picks them itself).
    const client = new Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await client.query('set enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `explain select l.id from learner l where l.id like 'learner 99%' or l.name ilike
         '%learner 99%' or l.username ilike '%learner 99%' or l.email ilike '%learner 99%'`,
      );
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      for (const column of ['id', 'name', 'username', 'email']) {
        expect(text).toContain(`Bitmap Index Scan on learner_search_${column}`);
      }
    } finally {
      await client.end();
    }
  });
});
