import { getIntrospectionQuery } from 'graphql';
import { query } from '../progress/helpers';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';

/**
 * Operation limits: depth, aliases, cost, batched operations and body size, each refused
 * with BAD_USER_INPUT naming its variable (413 for the body); introspection for staff and
 * admins only; `_service` open to the gateway.
 */
let app: TestApp;
let learnerToken: string;
let staffToken: string;

beforeAll(async () => {
  app = await startTestApp({
    MAX_QUERY_DEPTH: '6',
    MAX_ALIASES: '3',
    MAX_QUERY_COST: '500',
    MAX_BATCH_OPERATIONS: '2',
    MAX_BODY_BYTES: '4096',
    MAX_PAGE_SIZE: '1000',
    MAX_BATCH_FACTS: '5',
  });
  learnerToken = await app.token({ subject: 'learner-1' });
  staffToken = await app.token({ subject: 'staff-1', staffCourses: ['course-v1:X+Y+Z'] });
});
afterAll(() => app.stop());

const post = (body: string, token?: string) =>
  fetch(app.laurel.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });

function expectLimit(result: GraphQLResponse<unknown>, limit: string, maximum: number) {
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', limit, maximum });
  expect(result.errors![0]!.message).toContain(limit);
}

describe('operation limits', () => {
  it('accepts an operation within every limit', async () => {
    const result = await app.raw(
      { query: '{ a: courses(first: 5) { totalCount edges { node { id blocks { id } } } } }' },
      { authorization: `Bearer ${app.adminToken}` },
    );
    expect(result.errors).toBeUndefined();
  });

  it.each([
    [
      'depth 7 (MAX_QUERY_DEPTH 6)',
      '{ courses { edges { node { learningPaths { steps { blocks { id } } } } } } }',
      'MAX_QUERY_DEPTH',
      6,
    ],
    [
      'depth hidden in fragments',
      `query { courses { ...E } }
       fragment E on CourseConnection { edges { node { ...N } } }
       fragment N on Course { learningPaths { steps { blocks { id } } } }`,
      'MAX_QUERY_DEPTH',
      6,
    ],
    [
      '4 aliases (MAX_ALIASES 3)',
      '{ a: __typename b: __typename c: __typename d: __typename }',
      'MAX_ALIASES',
      3,
    ],
    [
      'aliases repeated through a fragment spread twice',
      `{ x: courses(first: 1) { ...F } y: courses(first: 1) { ...F } }
       fragment F on CourseConnection { t1: totalCount }`,
      'MAX_ALIASES',
      3,
    ],
    [
      'cost of first: 1000 × a course (MAX_QUERY_COST 500)',
      '{ courses(first: 1000) { edges { node { id title } } } }',
      'MAX_QUERY_COST',
      500,
    ],
    [
      'cost of `first` from a variable',
      JSON.stringify({
        query: 'query ($n: Int) { courses(first: $n) { edges { node { id } } } }',
        variables: { n: 900 },
      }),
      'MAX_QUERY_COST',
      500,
    ],
  ])('refuses %s', async (_name, query, limit, maximum) => {
    const body = query.startsWith('{"') ? query : JSON.stringify({ query });
    const response = await post(body, app.adminToken);
    expectLimit(
      { status: response.status, ...((await response.json()) as object) },
      limit as string,
      maximum as number,
    );
  });

  it('refuses a batch of more operations than MAX_BATCH_OPERATIONS, and runs one within it', async () => {
    const op = { query: '{ __typename }' };
    const within = await post(JSON.stringify([op, op]));
    expect(within.status).toBe(200);
    expect(await within.json()).toEqual([
      { data: { __typename: 'Query' } },
      { data: { __typename: 'Query' } },
    ]);
    const over = await post(JSON.stringify([op, op, op]));
    expectLimit(
      { status: over.status, ...((await over.json()) as object) },
      'MAX_BATCH_OPERATIONS',
      2,
    );
  });

  it('answers 413 naming MAX_BODY_BYTES for a larger body, 400 for one that is not JSON', async () => {
    const big = await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(5000)}` }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      errors: [
        {
          message: expect.stringContaining('MAX_BODY_BYTES'),
          extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_BODY_BYTES', maximum: 4096 },
        },
      ],
    });
    const garbage = await post('{"query": ');
    expect(garbage.status).toBe(400);
    expect(
      ((await garbage.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions,
    ).toEqual({
      code: 'BAD_REQUEST',
    });
  });
});

describe('list lengths', () => {
  const statuses = (n: number) => Array<string>(n).fill('AVAILABLE');
  const byVariable =
    'query ($s: [CredentialStatus!]) { credentials(filter: { status: $s }) { totalCount } }';

  function expectListRefused(result: GraphQLResponse<unknown>, message: string) {
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      { message, extensions: { code: 'BAD_USER_INPUT', field: 'CredentialFilter.status' } },
    ]);
  }

  it('refuses a list longer than its cap, written in the document', async () => {
    const result = await app.raw(
      { query: `{ credentials(filter: { status: [${statuses(11).join(' ')}] }) { totalCount } }` },
      { authorization: `Bearer ${learnerToken}` },
    );
    expectListRefused(result, 'CredentialFilter.status holds 11 items; at most 10 are allowed');
  });

  it('refuses it sent as a variable, or as a variable’s default, before anything runs', async () => {
    const headers = { authorization: `Bearer ${learnerToken}` };
    const sent = await app.raw({ query: byVariable, variables: { s: statuses(200) } }, headers);
    expectListRefused(sent, 'CredentialFilter.status holds 200 items; at most 10 are allowed');
    const defaulted = await app.raw(
      { query: byVariable.replace('!])', `!] = [${statuses(12).join(' ')}])`) },
      headers,
    );
    expectListRefused(defaulted, 'CredentialFilter.status holds 12 items; at most 10 are allowed');
  });

  it('accepts a list within its cap', async () => {
    const result = await app.raw(
      { query: byVariable, variables: { s: statuses(10) } },
      { authorization: `Bearer ${learnerToken}` },
    );
    expect(result.errors).toBeUndefined();
  });

  it('caps each list of a progress batch at MAX_BATCH_FACTS, writing nothing', async () => {
    const enrollments = Array.from({ length: 6 }, (_, i) => ({
      learnerId: `cap-learner-${i}`,
      courseId: 'course-v1:X+Y+Z',
      active: true,
      occurredAt: '2026-01-01T00:00:00Z',
    }));
    const result = await app.raw(
      {
        query:
          'mutation ($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }',
        variables: { input: { enrollments } },
      },
      { authorization: `Bearer ${app.ingestToken}` },
    );
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([
      {
        message:
          'ProgressBatchInput.enrollments holds 6 items; at most 5 are allowed (MAX_BATCH_FACTS)',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'ProgressBatchInput.enrollments',
          limit: 'MAX_BATCH_FACTS',
          maximum: 5,
        },
      },
    ]);
    expect(await query(app, `select 1 from learner where id like 'cap-learner-%'`)).toEqual([]);
  });
});

describe('introspection', () => {
  const introspect = (token?: string) =>
    app.raw(
      { query: '{ __schema { queryType { name } } }' },
      token ? { authorization: `Bearer ${token}` } : {},
    );

  it('is refused to anonymous callers (401) and learners (403)', async () => {
    const anonymous = await introspect();
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const learner = await introspect(learnerToken);
    expect(learner.status).toBe(403);
    expect(learner.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const byType = await app.raw({ query: '{ __type(name: "Course") { name } }' });
    expect(byType.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers staff and admins', async () => {
    for (const token of [staffToken, app.adminToken]) {
      const result = await introspect(token);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    }
  });

  it('keeps __typename and the gateway’s _service open to anyone', async () => {
    const result = (await app.raw({
      query: '{ __typename _service { sdl } }',
    })) as GraphQLResponse<{
      _service: { sdl: string };
    }>;
    expect(result.errors).toBeUndefined();
    expect(result.data?._service.sdl).toContain('type Course');
  });
});

describe('default limits', () => {
  let defaults: TestApp;
  beforeAll(async () => {
    defaults = await startTestApp();
  });
  afterAll(() => defaults.stop());

  it('let an admin run the full standard introspection query', async () => {
    const result = await defaults.raw(
      { query: getIntrospectionQuery() },
      { authorization: `Bearer ${defaults.adminToken}` },
    );
    expect(result.errors).toBeUndefined();
  });
});
