import { type ExecutionResult, parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import { query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { bearer, type LiveClient, openClient, watch } from '../support/ws';

/**
 * Queries and mutations over graphql-ws obey the same operation check as HTTP: depth,
 * aliases, list caps, cost, the introspection gate, the mutation rate limit and the
 * expensive-query rate limit (whose budget HTTP and graphql-ws share).
 */
let app: TestApp;
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp({
    MAX_QUERY_DEPTH: '6',
    MAX_ALIASES: '3',
    MAX_QUERY_COST: '500',
    MAX_PAGE_SIZE: '1000',
    MAX_BATCH_FACTS: '5',
    MUTATION_RATE_LIMIT: '3',
    EXPENSIVE_QUERY_COST: '100',
    QUERY_RATE_LIMIT: '2',
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => app.stop());

const open = (token: string) => openClient(app.laurel.url, token, clients);

/** Runs one operation over the socket and returns its single answer. */
async function run(
  client: LiveClient,
  text: string,
  variables: Record<string, unknown> = {},
): Promise<ExecutionResult<unknown>> {
  const watching = watch(client, parse(text), variables);
  return watching.nextResult();
}

const codes = (result: ExecutionResult<unknown>) => result.errors?.map((e) => e.extensions?.code);
const learner = () => app.token({ subject: `learner-${randomUUID()}` });
const admin = () => app.token({ subject: `admin-${randomUUID()}`, admin: true });

describe('over graphql-ws', () => {
  it('refuses introspection to a learner, and answers an admin', async () => {
    const refused = await run(await open(await learner()), '{ __schema { queryType { name } } }');
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.data ?? null).toBeNull();
    const answered = await run(await open(await admin()), '{ __schema { queryType { name } } }');
    expect(answered).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it.each([
    [
      'depth 7 (MAX_QUERY_DEPTH 6)',
      '{ courses { edges { node { learningPaths { steps { blocks { id } } } } } } }',
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
      'cost of first: 1000 (MAX_QUERY_COST 500)',
      '{ courses(first: 1000) { edges { node { id title } } } }',
      'MAX_QUERY_COST',
      500,
    ],
  ])('refuses %s', async (_case, text, limit, maximum) => {
    const result = await run(await open(await learner()), text);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', limit, maximum });
    expect(result.errors![0]!.message).toContain(limit);
  });

  it('refuses a list over its cap, written in the document or sent as a variable', async () => {
    const client = await open(await learner());
    const statuses = Array<string>(11).fill('AVAILABLE');
    const literal = await run(
      client,
      `{ credentials(filter: { status: [${statuses.join(', ')}] }) { totalCount } }`,
    );
    expect(literal.errors?.[0]).toMatchObject({
      message: 'CredentialFilter.status holds 11 items; at most 10 are allowed',
      extensions: { code: 'BAD_USER_INPUT', field: 'CredentialFilter.status' },
    });
    const fromVariable = await run(
      client,
      'query ($s: [CredentialStatus!]) { credentials(filter: { status: $s }) { totalCount } }',
      { s: statuses },
    );
    expect(fromVariable.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'CredentialFilter.status',
    });
  });

  it('refuses a document of more than 50,000 tokens', async () => {
    const items = Array<string>(60_000).fill('A').join(' ');
    const client = await open(await learner());
    const result = await run(
      client,
      `{ credentials(filter: { status: [${items}] }) { totalCount } }`,
    );
    expect(codes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('counts every mutation field of an operation against MUTATION_RATE_LIMIT, refusing past it', async () => {
    const prefix = `ws-${randomUUID().slice(0, 8)}`;
    const upsert = (n: number) =>
      `m${n}: upsertLearner(input: { id: "${prefix}-${n}", name: "L" }) { id }`;
    const client = await open(await admin());
    const three = await run(client, `mutation { ${[1, 2, 3].map(upsert).join(' ')} }`);
    expect(three.errors).toBeUndefined();
    const refused = await run(client, `mutation { ${upsert(4)} }`);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    const written = await query(app, 'select id from learner where id like $1 order by id', [
      `${prefix}%`,
    ]);
    expect(written).toEqual([1, 2, 3].map((n) => ({ id: `${prefix}-${n}` })));
  });

  it('shares the expensive-query budget with HTTP', async () => {
    const token = await learner();
    // 1 + 100 × (1 + 1) = 201: at least EXPENSIVE_QUERY_COST (100).
    const expensive = '{ courses(first: 100) { edges { cursor } } }';
    const cheap = '{ courses(first: 5) { totalCount } }';
    const overHttp = await app.raw({ query: expensive }, { authorization: bearer(token) });
    expect(overHttp.errors).toBeUndefined();
    const client = await open(token);
    expect((await run(client, expensive)).errors).toBeUndefined();
    expect(codes(await run(client, expensive))).toEqual(['RATE_LIMITED']);
    const refusedOverHttp = await app.raw({ query: expensive }, { authorization: bearer(token) });
    expect(refusedOverHttp.status).toBe(429);
    expect(refusedOverHttp.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    // Cheap queries do not spend the budget.
    expect((await run(client, cheap)).errors).toBeUndefined();
  });

  it('leaves "Did you mean" out of a learner\'s errors and keeps it for an admin', async () => {
    const typo = '{ courzes { totalCount } }';
    const forLearner = await run(await open(await learner()), typo);
    expect(forLearner.errors?.[0]?.message).toBe('Cannot query field "courzes" on type "Query".');
    const forAdmin = await run(await open(await admin()), typo);
    expect(forAdmin.errors?.[0]?.message).toMatch(/Did you mean "courses/);
  });
});
