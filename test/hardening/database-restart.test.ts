import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded';
import { databaseFailureOf } from '../../src/db/errors';
import { openOrm } from '../../src/db/orm';
import { createLogger } from '../../src/shared/logger';
import { courseWithConfiguration, FAST_JOBS, progress, reaches } from '../issuance/helpers';
import { query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Fault test: the PostgreSQL under a running Laurel stops and starts again while requests
 * keep coming. Requests fail fast with SERVICE_UNAVAILABLE (HTTP 503, Retry-After) while it
 * is away, and succeed again within seconds of its return without restarting Laurel; the
 * job queue recovers too. The PostgreSQL is this test's own (embedded, in a temp folder).
 */
jest.setTimeout(90_000);

let home: string;
let database: EmbeddedDatabase;
let app: TestApp;
const logger = createLogger('silent');

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-restart-'));
  database = await startEmbeddedPostgres(home, logger);
  app = await startTestApp(
    { ...FAST_JOBS, DATABASE_CONNECT_TIMEOUT_MS: '1000', MUTATION_RATE_LIMIT: '0' },
    { databaseUrl: database.url },
  );
});
afterAll(async () => {
  await app?.stop();
  await database?.stop();
  await fs.rm(home, { recursive: true, force: true });
});

interface Sample {
  at: number;
  ms: number;
  status: number;
  code: string | null;
  retryAfter: string | null;
}

it('fails fast while PostgreSQL is down and recovers by itself when it is back', async () => {
  const course = await courseWithConfiguration(app, ['pg-1', 'pg-2']);
  await progress(app, course, ['pg-1'], 10);
  const learner = await app.token({ subject: 'pg-1' });
  const site = app.laurel.url.replace(/\/graphql$/, '');

  const samples: Sample[] = [];
  let running = true;
  const load = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(app.laurel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${learner}` },
        body: JSON.stringify({
          query: `query ($c: ID) { learnerProgress(courseId: $c) { eligible progress } }`,
          variables: { c: course.courseId },
        }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      samples.push({
        at: Date.now(),
        ms: performance.now() - started,
        status: response.status,
        code: body.errors?.[0]?.extensions?.code ?? null,
        retryAfter: response.headers.get('retry-after'),
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  // A busy machine serves the first requests slowly: wait for a few answers, not a fixed time.
  const warmUntil = Date.now() + 15_000;
  while (samples.length < 8 && Date.now() < warmUntil) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stoppingAt = Date.now();
  await database.stop();
  const stoppedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect((await fetch(`${site}/readyz`)).status).toBe(503);
  database = await startEmbeddedPostgres(home, logger);
  const restartedAt = Date.now();
  // Wait for the first success after the restart, at most 10 s.
  const deadline = restartedAt + 10_000;
  while (!samples.some((s) => s.at > restartedAt && s.status === 200) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  running = false;
  await load;

  const before = samples.filter((s) => s.at < stoppingAt);
  const down = samples.filter((s) => s.at > stoppedAt + 200 && s.at < restartedAt);
  expect(before.length).toBeGreaterThan(5);
  expect(before.every((s) => s.status === 200 && s.code === null)).toBe(true);
  // Every request while it was away: a clear, retryable answer, fast.
  expect(down.length).toBeGreaterThan(5);
  for (const sample of down) {
    expect(sample).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '2' });
    expect(sample.ms).toBeLessThan(2500);
  }
  const firstOk = samples.find((s) => s.at > restartedAt && s.status === 200);
  expect(firstOk).toBeDefined();
  expect(firstOk!.at - restartedAt).toBeLessThan(10_000);
  const settled = samples.filter((s) => s.at > firstOk!.at);
  expect(settled.length).toBeGreaterThan(3);
  expect(settled.every((s) => s.status === 200)).toBe(true);
  expect(samples.some((s) => s.code === 'INTERNAL_SERVER_ERROR')).toBe(false);

  // The job queue came back too: a newly eligible learner is issued.
  expect((await fetch(`${site}/readyz`)).status).toBe(200);
  await progress(app, course, ['pg-2'], 10, 1);
  const [row] = await query<{ id: string }>(
    app,
    `select id from credential where learner_id = 'pg-2'`,
  );
  await reaches(app, row!.id, 'AVAILABLE', 30_000);
});

it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
  const orm = await openOrm({ url: database.url, statementTimeoutMs: 200 });
  try {
    const started = performance.now();
    const failure = await orm.em
      .getConnection()
      .execute('select pg_sleep(3)')
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(databaseFailureOf(failure)).toBe('timeout');
  } finally {
    await orm.close();
  }
});
