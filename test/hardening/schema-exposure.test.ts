import { randomUUID } from 'node:crypto';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';

/**
 * What the schema shows to whom over HTTP: `_service` behind FEDERATION_SERVICE_TOKEN,
 * no "Did you mean" hints for callers who may not introspect; a subscription sent as a
 * POST is a clear BAD_REQUEST; expensive queries are rate-limited per caller.
 */
const SERVICE_TOKEN = 'router-token-0123456789abcdef';
let app: TestApp;
const logs = captureLogs();
let learnerToken: string;
let staffToken: string;

beforeAll(async () => {
  app = await startTestApp(
    {
      FEDERATION_SERVICE_TOKEN: SERVICE_TOKEN,
      EXPENSIVE_QUERY_COST: '100',
      QUERY_RATE_LIMIT: '2',
      MAX_PAGE_SIZE: '1000',
      LOG_LEVEL: 'info',
    },
    { logs: logs.stream },
  );
  learnerToken = await app.token({ subject: 'learner-1' });
  staffToken = await app.token({ subject: 'staff-1', staffCourses: ['course-v1:X+Y+Z'] });
});
afterAll(() => app.stop());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const codes = (result: GraphQLResponse<unknown>) => result.errors?.map((e) => e.extensions?.code);

describe('_service with FEDERATION_SERVICE_TOKEN set', () => {
  const sdl = (headers: Record<string, string>) =>
    app.raw({ query: 'query SubgraphIntrospectQuery { _service { sdl } }' }, headers) as Promise<
      GraphQLResponse<{ _service: { sdl: string } }>
    >;

  it('answers the router holding the token, and admins', async () => {
    for (const headers of [auth(SERVICE_TOKEN), auth(app.adminToken)]) {
      const result = await sdl(headers);
      expect(result.errors).toBeUndefined();
      expect(result.data?._service.sdl).toContain('type Course');
    }
  });

  it('is refused without the token (401), with another token (403) or a wrong one (401)', async () => {
    const anonymous = await sdl({});
    expect(anonymous.status).toBe(401);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data ?? null).toBeNull();
    const learner = await sdl(auth(learnerToken));
    expect(learner.status).toBe(403);
    expect(codes(learner)).toEqual(['FORBIDDEN']);
    const wrong = await sdl(auth(`${SERVICE_TOKEN}x`));
    expect(wrong.status).toBe(401);
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
  });

  it('the service token opens nothing else', async () => {
    const result = await app.raw(
      { query: '{ __schema { queryType { name } } }' },
      auth(SERVICE_TOKEN),
    );
    expect(result.status).toBe(401);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('"Did you mean" suggestions', () => {
  const typo = { query: '{ courzes { totalCount } }' };
  const badEnum = {
    query: 'query ($s: [CredentialStatus!]) { credentials(filter: { status: $s }) { totalCount } }',
    variables: { s: ['AVAILABL'] },
  };

  it('are left out for anonymous callers and learners', async () => {
    for (const headers of [{}, auth(learnerToken)]) {
      const validation = await app.raw(typo, headers);
      expect(validation.errors?.[0]?.message).toBe('Cannot query field "courzes" on type "Query".');
      const coercion = await app.raw(badEnum, headers);
      expect(coercion.errors?.[0]?.message).toContain('"AVAILABL"');
      expect(coercion.errors?.[0]?.message).not.toMatch(/Did you mean|AVAILABLE/);
    }
  });

  it('stay for staff and admins', async () => {
    for (const token of [staffToken, app.adminToken]) {
      const validation = await app.raw(typo, auth(token));
      expect(validation.errors?.[0]?.message).toBe(
        'Cannot query field "courzes" on type "Query". Did you mean "courses" or "course"?',
      );
    }
  });
});

describe('a subscription sent as an HTTP POST', () => {
  it('answers 400 BAD_REQUEST pointing to graphql-ws, logged below warn', async () => {
    const before = logs.lines.length;
    const result = await app.raw(
      { query: 'subscription { credentialEvents { type } }' },
      auth(learnerToken),
    );
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      {
        message: expect.stringMatching(/graphql-ws.*\/graphql/),
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const loud = logs
      .records()
      .slice(before)
      .filter((record) => Number(record.level) >= 40);
    expect(loud).toEqual([]);
  });
});

describe('a document of more than 50,000 tokens', () => {
  it('is refused while parsing, before its lists are validated item by item', async () => {
    const items = Array<string>(60_000).fill('AVAILABLE').join(' ');
    const started = performance.now();
    const result = await app.raw(
      { query: `{ credentials(filter: { status: [${items}] }) { totalCount } }` },
      auth(learnerToken),
    );
    const ms = performance.now() - started;
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(result.errors?.[0]?.message).toMatch(/50000 tokens/);
    // Generous: the CPU is shared; validating the whole list took seconds.
    expect(ms).toBeLessThan(3000);
  });
});

describe('expensive queries', () => {
  // 1 + 100 × (1 + 1) = 201, at least EXPENSIVE_QUERY_COST (100).
  const expensive = { query: '{ courses(first: 100) { edges { cursor } } }' };

  it('spend the caller’s QUERY_RATE_LIMIT budget; past it 429 with Retry-After', async () => {
    const token = await app.token({ subject: `reader-${randomUUID()}` });
    for (let i = 0; i < 2; i++) {
      expect((await app.raw(expensive, auth(token))).errors).toBeUndefined();
    }
    const response = await fetch(app.laurel.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(token) },
      body: JSON.stringify(expensive),
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as GraphQLResponse<unknown>;
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(body.errors?.[0]?.message).toMatch(/^Too many expensive queries/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Cheap queries go on; another caller has a budget of its own.
    const cheap = await app.raw({ query: '{ courses(first: 5) { totalCount } }' }, auth(token));
    expect(cheap.errors).toBeUndefined();
    const other = await app.token({ subject: `reader-${randomUUID()}` });
    expect((await app.raw(expensive, auth(other))).errors).toBeUndefined();
  });
});
