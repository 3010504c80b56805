import { Client } from 'pg';
import { openOrm, type Orm } from '../../src/db/orm';
import { databaseFailureOf } from '../../src/db/errors';
import { remainingMs, withDeadline } from '../../src/shared/deadline';
import { startTestApp, type TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';
import { bearer, connect } from '../support/ws';

/**
 * An operation's deadline (OPERATION_DEADLINE_MS) reaches PostgreSQL: a statement still
 * running when its operation's time is up is cancelled by the server, and the caller gets
 * SERVICE_UNAVAILABLE, over HTTP and graphql-ws alike; waiting for a pool connection ends
 * at the deadline too; work without a deadline keeps the connection's default.
 */
jest.setTimeout(60_000);

const COURSES = 'query { courses(first: 5) { totalCount } }';
// Long enough for every ordinary request on a busy machine, short enough to wait out.
const DEADLINE_MS = 2000;

let app: TestApp;
let sql: Client;

beforeAll(async () => {
  app = await startTestApp({
    LAUREL_ROLE: 'api',
    RECONCILE_CRON: 'off',
    OPERATION_DEADLINE_MS: String(DEADLINE_MS),
  });
  sql = new Client({ connectionString: app.databaseUrl });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

/** Runs `work` while another session holds `table` locked against reads and writes. */
async function whileLocked<T>(work: () => Promise<T>, table = 'course'): Promise<T> {
  const locker = new Client({ connectionString: app.databaseUrl });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query(`lock table ${table} in access exclusive mode`);
    return await work();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

/** Statements of other sessions waiting on or reading `course` now. */
async function blockedOnCourse(): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        and state = 'active' and query ilike '%from "course"%'`,
  );
  return rows[0]!.n;
}

function expectDeadlineError(errors: { extensions?: Record<string, unknown> }[] | undefined) {
  expect(errors).toEqual([
    expect.objectContaining({
      message: 'The database did not answer in time; retry shortly',
      extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
    }),
  ]);
}

it('cancels an HTTP request’s statement at its deadline: SERVICE_UNAVAILABLE, then serves again', async () => {
  const { answer, ms, waitingAfter } = await whileLocked(async () => {
    const started = performance.now();
    const answer = await app.raw({ query: COURSES }, { authorization: bearer(app.adminToken) });
    const ms = performance.now() - started;
    // Cancelled by the server, not merely abandoned: nothing of it still waits on the lock.
    return { answer, ms, waitingAfter: await blockedOnCourse() };
  });
  expect(answer.status).toBe(503);
  expectDeadlineError(answer.errors);
  expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS * 0.9);
  // (Generous: the machine may be busy; without the deadline it would wait for the lock.)
  expect(ms).toBeLessThan(DEADLINE_MS + 8000);
  expect(waitingAfter).toBe(0);

  const again = await app.raw({ query: COURSES }, { authorization: bearer(app.adminToken) });
  expect(again).toEqual({ status: 200, data: { courses: { totalCount: 0 } } });
});

it('cancels a graphql-ws query’s statement at its deadline the same way', async () => {
  const live = connect(app.laurel.url, bearer(app.adminToken));
  try {
    await live.connected;
    const run = () =>
      new Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }>(
        (resolve) => {
          let result: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } = {};
          live.client.subscribe(
            { query: COURSES },
            {
              next: (value) => (result = value as typeof result),
              error: (errors) =>
                resolve({ errors: errors as { extensions?: Record<string, unknown> }[] }),
              complete: () => resolve(result),
            },
          );
        },
      );
    const refused = await whileLocked(run);
    expect(refused.data ?? null).toBeNull();
    expectDeadlineError(refused.errors);
    expect(await run()).toEqual({ data: { courses: { totalCount: 0 } } });
  } finally {
    await live.dispose();
  }
});

it('rolls a mutation cut off by its deadline back whole: nothing of it is written', async () => {
  const course = courseInput('course-v1:Deadline+D+2026', { blocks: 2 });
  const admin = { authorization: bearer(app.adminToken) };
  const created = await app.raw(
    {
      query: `mutation ($c: CourseInput!, $l: LearnerInput!) { upsertCourse(input: $c) { id } upsertLearner(input: $l) { id } }`,
      variables: { c: course, l: { id: 'deadline-1', name: 'Dee' } },
    },
    admin,
  );
  expect(created.errors).toBeUndefined();
  const record = () =>
    app.raw(
      {
        query: `mutation ($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }`,
        variables: {
          input: {
            completions: course.blocks!.map((block) => ({
              learnerId: 'deadline-1',
              courseId: course.id,
              blockId: block.id,
              completion: 1,
              occurredAt: new Date().toISOString(),
            })),
          },
        },
      },
      { authorization: bearer(app.ingestToken) },
    );
  const written = async () =>
    (
      await sql.query<{ n: number }>(
        `select count(*)::int as n from block_completion where learner_id = 'deadline-1'`,
      )
    ).rows[0]!.n;

  const cut = await whileLocked(record, 'block_completion');
  expect(cut.status).toBe(503);
  expectDeadlineError(cut.errors);
  expect(await written()).toBe(0);
  expect(await record()).toEqual({ status: 200, data: { recordProgress: { accepted: 2 } } });
  expect(await written()).toBe(2);
});

describe('the database layer', () => {
  let orm: Orm;
  beforeAll(async () => {
    // One connection, no default timeout: what the deadline sets is all there is.
    orm = await openOrm({ url: app.databaseUrl, poolMax: 1 });
  });
  afterAll(async () => {
    await orm?.close();
  });

  /** The connection's statement_timeout, in ms. */
  const setting = async () => {
    const rows = await orm.em
      .getConnection()
      .execute<{ setting: string }[]>(
        `select setting from pg_settings where name = 'statement_timeout'`,
      );
    return Number(rows[0]!.setting);
  };

  it('sets the time left as statement_timeout, and the default again without a deadline', async () => {
    const inside = await withDeadline(5000, async () => {
      const before = remainingMs()!;
      return { ms: await setting(), before };
    });
    expect(inside.ms).toBeGreaterThan(0);
    expect(inside.ms).toBeLessThanOrEqual(Math.ceil(inside.before));
    expect(await setting()).toBe(0);
    // A transaction's connection gets it as it is taken, for all of its statements.
    const inTransaction = await withDeadline(3000, () =>
      orm.em.fork().transactional(async (em) => {
        const rows = await em.execute<{ setting: string }[]>(
          `select setting from pg_settings where name = 'statement_timeout'`,
        );
        return Number(rows[0]!.setting);
      }),
    );
    expect(inTransaction).toBeGreaterThan(0);
    expect(inTransaction).toBeLessThanOrEqual(3000);
    expect(await setting()).toBe(0);
  });

  it('gives up waiting for a pool connection at the deadline, and loses no connection', async () => {
    let releaseHolder = () => {};
    const held = new Promise<void>((resolve) => (releaseHolder = resolve));
    const holder = orm.em.fork().transactional(async (em) => {
      await em.execute('select 1');
      await held;
    });
    // The holder owns the pool's only connection once its first statement ran.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const failure = await withDeadline(300, () =>
      orm.em.fork().getConnection().execute('select 1'),
    ).then(
      () => null,
      (error: unknown) => error,
    );
    const ms = performance.now() - started;
    expect(databaseFailureOf(failure)).toBe('timeout');
    expect(ms).toBeLessThan(5000);
    releaseHolder();
    await holder;
    // The connection the late wait got was given back: the pool of one still serves.
    expect(await setting()).toBe(0);
  });
});
