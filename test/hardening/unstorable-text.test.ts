import { SignJWT } from 'jose';
import pg from 'pg';
import { openOrm } from '../../src/db/orm';
import { createLogger } from '../../src/shared/logger';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';

/**
 * Text PostgreSQL cannot store (NUL, lone UTF-16 surrogates) is BAD_USER_INPUT naming the
 * field, before any SQL; and no log line ever quotes a statement with its values.
 */
jest.setTimeout(60_000);
const logs = captureLogs();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'trace', MUTATION_RATE_LIMIT: '0' }, { logs: logs.stream });
});
afterAll(() => app?.stop());

const LEARNER = `mutation ($input: LearnerInput!) { upsertLearner(input: $input) { id } }`;
const admin = () => ({ authorization: `Bearer ${app.adminToken}` });

async function learnerRows(): Promise<number> {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return (await client.query('select count(*)::int as n from learner')).rows[0].n as number;
  } finally {
    await client.end();
  }
}

it.each([
  ['NUL in a variable', LEARNER, { input: { id: 'x', name: 'Secret\u0000Name' } }, 'name'],
  ['a lone surrogate in a variable', LEARNER, { input: { id: 'x', name: 'Secret\ud800' } }, 'name'],
  ['a lone low surrogate in an id', LEARNER, { input: { id: '\udc00x', name: 'N' } }, 'id'],
  [
    'NUL in a literal',
    `mutation { upsertLearner(input: { id: "x", name: "Secret\\u0000Name" }) { id } }`,
    {},
    'name',
  ],
  [
    'NUL in a scalar argument',
    `mutation ($reason: String!) { revokeCredential(id: "00000000-0000-4000-8000-000000000000", reason: $reason) { id } }`,
    { reason: 'fraud\u0000' },
    'reason',
  ],
  [
    'NUL in an id of a read',
    `query ($id: ID!) { course(id: $id) { id } }`,
    { id: 'c\u0000' },
    'id',
  ],
  ['NUL in a default value', `query ($id: ID! = "c\\u0000") { course(id: $id) { id } }`, {}, 'id'],
])(
  '%s → BAD_USER_INPUT naming the field, nothing written',
  async (_name, query, variables, field) => {
    logs.lines.length = 0;
    const before = await learnerRows();
    const answer = await app.raw({ query, variables }, admin());
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await learnerRows()).toBe(before);
    expect(logs.text()).not.toMatch(/Secret|insert into|select /i);
    expect(logs.records().filter((record) => Number(record.level) > 30)).toEqual([]);
  },
);

it('refuses a signed token whose subject holds NUL', async () => {
  const token = await new SignJWT({ sub: 'learner\u0000x' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_SECRET));
  const answer = await app.raw(
    { query: '{ learners { totalCount } }' },
    { authorization: `Bearer ${token}` },
  );
  expect(answer.status).toBe(400);
  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'token.sub',
  });
});

it('refuses NUL in a REST path', async () => {
  const site = app.laurel.url.replace(/\/graphql$/, '');
  const response = await fetch(`${site}/credentials/a%00b/pdf`, { headers: admin() });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
});

it('logs database errors without the statement or its values', async () => {
  const captured = captureLogs();
  const logger = createLogger('info', captured.stream);
  const orm = await openOrm({ url: app.databaseUrl });
  try {
    const connection = orm.em.fork().getConnection();
    const insert = 'insert into learner (id, name, email) values (?, ?, ?)';
    await connection.execute(insert, ['dup-1', 'Secret Name', 'secret@example.org']);
    for (const values of [
      ['dup-1', 'Secret Name', 'secret@example.org'],
      ['nul-1', 'Secret\u0000Name', null],
    ]) {
      const error = await connection.execute(insert, values).catch((e: unknown) => e);
      expect(String((error as Error).message)).toContain('Secret');
      logger.error({ err: error }, 'database error');
      logger.warn(error as Error, 'database error');
    }
  } finally {
    await orm.close(true);
  }
  expect(captured.lines).toHaveLength(4);
  expect(captured.text()).not.toMatch(/Secret|insert into|dup-1|secret@/i);
  expect(captured.text()).toContain('[SQL omitted] - duplicate key value');
});
