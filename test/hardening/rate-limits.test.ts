import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { clientKey } from '../../src/shared/rate-limit';
import { query } from '../progress/helpers';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';

/**
 * Rate limits hold across instances: two Laurels on one database share the mutation budget
 * of a caller (counts in PostgreSQL), and with REDIS_URL share the verification budget of a
 * client address (counts in Redis). Refusals are HTTP 429 with Retry-After and
 * `extensions.retryAfterSeconds`.
 */
const UPSERT_LEARNER = `mutation ($id: ID!) { upsertLearner(input: { id: $id, name: "Lee" }) { id } }`;

async function send(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(app.laurel.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as GraphQLResponse<unknown>,
  };
}

function expectRateLimited(answer: Awaited<ReturnType<typeof send>>) {
  expect(answer.status).toBe(429);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  const extensions = answer.body.errors![0]!.extensions!;
  expect(extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  const seconds = extensions.retryAfterSeconds as number;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(Number(answer.retryAfter)).toBe(seconds);
}

describe('mutations per caller, in PostgreSQL, across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ MUTATION_RATE_LIMIT: '3' });
    b = await startTestApp({ MUTATION_RATE_LIMIT: '3' }, { databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('shares one budget per token subject and refuses past it without writing', async () => {
    const token = await a.token({ subject: `admin-${randomUUID()}`, admin: true });
    const auth = { authorization: `Bearer ${token}` };
    // Two mutation fields in one operation spend two units.
    const two = await send(
      a,
      {
        query: `mutation { x: upsertLearner(input: { id: "rl-1", name: "A" }) { id }
                           y: upsertLearner(input: { id: "rl-2", name: "B" }) { id } }`,
      },
      auth,
    );
    expect(two.body.errors).toBeUndefined();
    expect((await send(b, { query: UPSERT_LEARNER, variables: { id: 'rl-3' } }, auth)).status).toBe(
      200,
    );
    const refused = await send(b, { query: UPSERT_LEARNER, variables: { id: 'rl-4' } }, auth);
    expectRateLimited(refused);
    expectRateLimited(await send(a, { query: UPSERT_LEARNER, variables: { id: 'rl-4' } }, auth));
    expect(await query(a, `select id from learner where id like 'rl-%' order by id`)).toEqual([
      { id: 'rl-1' },
      { id: 'rl-2' },
      { id: 'rl-3' },
    ]);

    // Queries are not mutations; another caller has a budget of its own.
    const read = await send(a, { query: '{ courses { totalCount } }' }, auth);
    expect(read.status).toBe(200);
    const other = await a.token({ subject: `admin-${randomUUID()}`, admin: true });
    const fresh = await send(
      a,
      { query: UPSERT_LEARNER, variables: { id: 'rl-5' } },
      { authorization: `Bearer ${other}` },
    );
    expect(fresh.body.errors).toBeUndefined();
  });

  it('keeps the counts in the shared database', async () => {
    const rows = await query<{ key: string; hits: number }>(
      a,
      `select key, hits from rate_limit_window where key like 'mutation:sub:%' order by hits desc`,
    );
    expect(rows[0]).toMatchObject({ hits: 5 });
  });
});

describe('verification per client address, in Redis, across two instances', () => {
  const env = {
    VERIFY_RATE_LIMIT: '2',
    TRUST_PROXY: 'loopback',
    REDIS_URL: 'redis://127.0.0.1:6379',
  };
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env, { databaseUrl: a.databaseUrl });
    redis = new Redis(env.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await b?.stop();
    await a?.stop();
  });

  it('counts the query on one instance and the page on the other against one budget', async () => {
    // A documentation-range IPv6 /64 of its own, so parallel runs on one Redis never meet.
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    const client = { 'x-forwarded-for': `${prefix}::7` };
    const verify = {
      query: 'query ($id: ID!) { verifyCredential(verificationId: $id) { status } }',
      variables: { id: randomUUID() },
    };
    expect((await send(a, verify, client)).body.data).toEqual({
      verifyCredential: { status: 'NOT_FOUND' },
    });
    const site = b.laurel.url.replace(/\/graphql$/, '');
    expect((await fetch(`${site}/verify/${randomUUID()}`, { headers: client })).status).toBe(404);

    expectRateLimited(await send(b, verify, client));
    const page = await fetch(`${site}/verify/${randomUUID()}`, {
      headers: { 'x-forwarded-for': `${prefix}::8` },
    });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect(await redis.exists(`laurel:rate:verify:${clientKey(`${prefix}::7`)}`)).toBe(1);
    expect(await query(a, `select key from rate_limit_window where key like 'verify:%'`)).toEqual(
      [],
    );
  });
});
