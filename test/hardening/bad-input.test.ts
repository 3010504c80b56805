import { startTestApp, type TestApp } from '../support/app';
import { allTables, snapshotTables } from '../support/db-snapshot';
import { courseInput } from '../support/fixtures';
import { type Answer, badInputCases, C, MAX_BATCH_FACTS, SQL, XSS } from './bad-input.cases';
import { CredentialSeeder, siteOf } from '../verification/helpers';

/**
 * The bad-input sweep: malformed and hostile requests, each answered with its documented
 * error, none changing a single row of any table (Laurel's and the job queue's), checked by
 * a checksum of every table before and after each request.
 */
jest.setTimeout(60_000);

let app: TestApp;
let seeder: CredentialSeeder;
let tables: string[];
let configurationId: string;
let credentialId: string;
let learnerToken: string;

beforeAll(async () => {
  // Limits off so that no counter row changes; operation limits at their defaults.
  app = await startTestApp({
    LAUREL_ROLE: 'api',
    VERIFY_RATE_LIMIT: '0',
    MUTATION_RATE_LIMIT: '0',
    QUERY_RATE_LIMIT: '0',
    MAX_BATCH_FACTS: String(MAX_BATCH_FACTS),
    MAX_BODY_BYTES: '65536',
  });
  seeder = new CredentialSeeder(app);
  await seeder.start();
  const course = await gql(
    `mutation ($input: CourseInput!) { upsertCourse(input: $input) { id } }`,
    { input: courseInput(C) },
    app.adminToken,
  );
  expect(course.body.errors).toBeUndefined();
  const config = await gql(
    `mutation ($input: CredentialConfigurationInput!) { createCredentialConfiguration(input: $input) { id } }`,
    {
      input: { name: 'Sweep', courseId: C, requirements: [{ kind: 'COMPLETION', min: 0.5 }] },
    },
    app.adminToken,
  );
  configurationId = (config.body.data as { createCredentialConfiguration: { id: string } })
    .createCredentialConfiguration.id;
  credentialId = (await seeder.insert({ status: 'AVAILABLE', learnerName: XSS })).id;
  learnerToken = await app.token({ subject: 'sweep-learner' });
  tables = await allTables(app.databaseUrl);
});
afterAll(async () => {
  await seeder?.stop();
  await app?.stop();
});

async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(app.laurel.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const gql = (query: string, variables: unknown = {}, token: string | null = app.adminToken) =>
  post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});

const cases = badInputCases({
  post: (body, headers) => post(body, headers),
  gql: (query, variables, token) => gql(query, variables, token),
  get adminToken() {
    return app.adminToken;
  },
  get learnerToken() {
    return learnerToken;
  },
  get credentialId() {
    return credentialId;
  },
  get configurationId() {
    return configurationId;
  },
});

it(`has at least 50 cases (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
});

it.each(cases)('%s → its documented error, nothing written', async (_name, send, expected) => {
  const before = await snapshotTables(app.databaseUrl, tables);
  const answer = await send();
  expect(answer.status).toBe(expected.status);
  const errors = answer.body.errors ?? [];
  expect(errors.length).toBeGreaterThanOrEqual(1);
  expect(errors[0]!.extensions?.code).toBe(expected.code);
  if (expected.field !== undefined) expect(errors[0]!.extensions?.field).toBe(expected.field);
  for (const error of errors)
    expect(error.message).not.toMatch(/select |insert |relation "|stack/i);
  const data = answer.body.data as Record<string, unknown> | null | undefined;
  for (const value of Object.values(data ?? {})) expect(value).toBeNull();
  expect(await snapshotTables(app.databaseUrl, tables)).toEqual(before);
});

it('answers injected ids on public reads with plain not-found, and escapes HTML names on /verify', async () => {
  const read = await gql(`query ($id: ID!) { course(id: $id) { id } }`, { id: SQL });
  expect(read.body).toEqual({ data: { course: null } });
  const verify = await gql(
    `query ($id: ID!) { verifyCredential(verificationId: $id) { status } }`,
    { id: `' OR '1'='1` },
    null,
  );
  expect(verify.body).toEqual({ data: { verifyCredential: { status: 'NOT_FOUND' } } });
  const [{ verification_id: verificationId }] = (
    await seeder.query('select verification_id from credential where id = $1', [credentialId])
  ).rows as { verification_id: string }[];
  const html = await (await fetch(`${siteOf(app)}/verify/${verificationId}`)).text();
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;script&gt;');
});
