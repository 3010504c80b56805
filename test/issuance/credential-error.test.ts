import { PUBLIC_GENERATION_FAILURE } from '../../src/modules/credentials/credential-error';
import { startTestApp, type TestApp } from '../support/app';
import { COURSE_ID, CredentialSeeder, siteOf } from '../verification/helpers';

/**
 * A failed generation's detail (paths, hosts, a dependency's words) is for admins and staff of
 * the context; the learner reads a short public reason, the verification page nothing.
 */
jest.setTimeout(60_000);

const DETAIL = `Local storage put failed for credentials/x.pdf: EEXIST: file already exists, mkdir '/var/lib/laurel/secret-dir'`;
let app: TestApp;
let seeder: CredentialSeeder;
let credential: { id: string; verificationId: string };

beforeAll(async () => {
  app = await startTestApp({ VERIFY_RATE_LIMIT: '0' });
  seeder = new CredentialSeeder(app);
  await seeder.start();
  credential = await seeder.insert({ status: 'ERROR' });
  await seeder.query('update credential set last_error = $1 where id = $2', [
    DETAIL,
    credential.id,
  ]);
});
afterAll(async () => {
  await seeder?.stop();
  await app?.stop();
});

async function errorAs(token: string): Promise<unknown> {
  const answer = await app.raw(
    {
      query: 'query ($id: ID!) { credential(id: $id) { status error } }',
      variables: { id: credential.id },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(answer.errors).toBeUndefined();
  return (answer.data as { credential: { error: string | null } | null }).credential?.error;
}

it('shows the learner a public reason, never the detail', async () => {
  const [{ learner_id: learnerId }] = (
    await seeder.query('select learner_id from credential where id = $1', [credential.id])
  ).rows as { learner_id: string }[];
  const error = await errorAs(await app.token({ subject: learnerId }));
  expect(error).toBe(PUBLIC_GENERATION_FAILURE);
  expect(error).not.toMatch(/EEXIST|\/var\/|mkdir/);
});

it('shows admins and staff of the context the detail', async () => {
  expect(await errorAs(app.adminToken)).toBe(DETAIL);
  expect(await errorAs(await app.token({ subject: 'staff-1', staffCourses: [COURSE_ID] }))).toBe(
    DETAIL,
  );
});

it('shows nothing of it on the verification page', async () => {
  const response = await fetch(`${siteOf(app)}/verify/${credential.verificationId}`);
  expect(response.status).toBe(404);
  expect(await response.text()).not.toMatch(/EEXIST|secret-dir|storage/);
});
