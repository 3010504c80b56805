import {
  ReissueCredentialDocument,
  RevokeCredentialDocument,
  SetCredentialVisibilityDocument,
} from '../operations/generated';
import { ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, credential, FAST_JOBS, progress, reaches } from './helpers';

/** `setCredentialVisibility` and the one file-access check it feeds. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
});
afterAll(() => app.stop());

async function issued(learnerId: string) {
  const course = await courseWithConfiguration(app, [learnerId]);
  await progress(app, course, [learnerId], 9);
  const [row] = await query<{ id: string }>(
    app,
    'select id from credential where learner_id = $1 and configuration_id = $2',
    [learnerId, course.configurationId],
  );
  return reaches(app, row.id, 'AVAILABLE');
}

const errorCode = (response: { errors?: readonly { extensions?: { code?: unknown } }[] }) =>
  response.errors?.[0]?.extensions?.code;

const setVisibility = async (id: string, isPublic: boolean, token: string) =>
  app.gql(SetCredentialVisibilityDocument, { id, public: isPublic }, token);

const pdf = (id: string, token?: string) =>
  fetch(`${app.laurel.url.replace(/\/graphql$/, '')}/credentials/${id}/pdf`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('setCredentialVisibility', () => {
  it('lets the learner publish a credential, after which anyone may download it', async () => {
    const issuedOne = await issued('vis-own');
    const learner = await app.token({ subject: 'vis-own' });
    expect((await pdf(issuedOne.id)).status).toBe(401);
    expect((await pdf(issuedOne.verificationId)).status).toBe(401);

    const { setCredentialVisibility } = await ok(setVisibility(issuedOne.id, true, learner));
    expect(setCredentialVisibility).toEqual({
      id: issuedOne.id,
      status: 'AVAILABLE',
      public: true,
    });
    const anonymous = await pdf(issuedOne.verificationId);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toBe('application/pdf');

    await ok(setVisibility(issuedOne.id, false, learner));
    expect((await pdf(issuedOne.id)).status).toBe(401);
    expect((await pdf(issuedOne.id, learner)).status).toBe(200);
  });

  it('refuses other learners and staff; admins may only make one private', async () => {
    const issuedOne = await issued('vis-other');
    const stranger = await app.token({ subject: 'someone-else' });
    expect(errorCode(await setVisibility(issuedOne.id, true, stranger))).toBe('FORBIDDEN');
    expect(errorCode(await setVisibility(issuedOne.id, true, app.adminToken))).toBe('FORBIDDEN');
    expect((await credential(app, issuedOne.id)).public).toBe(false);

    await ok(setVisibility(issuedOne.id, true, await app.token({ subject: 'vis-other' })));
    await ok(setVisibility(issuedOne.id, false, app.adminToken));
    expect((await credential(app, issuedOne.id)).public).toBe(false);
    expect(
      errorCode(await setVisibility('00000000-0000-4000-8000-000000000000', true, stranger)),
    ).toBe('NOT_FOUND');
  });

  it('keeps the choice across a re-issue, and a withdrawn credential stays gone', async () => {
    const issuedOne = await issued('vis-reissue');
    const learner = await app.token({ subject: 'vis-reissue' });
    await ok(setVisibility(issuedOne.id, true, learner));
    const { reissueCredential: fresh } = await ok(
      app.gql(ReissueCredentialDocument, { id: issuedOne.id, reason: 'Name' }, app.adminToken),
    );
    const available = await reaches(app, fresh.id, 'AVAILABLE');
    expect((await credential(app, available.id)).public).toBe(true);
    expect((await pdf(issuedOne.id)).status).toBe(401);

    await ok(app.gql(RevokeCredentialDocument, { id: fresh.id, reason: 'Fraud' }, app.adminToken));
    expect((await pdf(fresh.id)).status).toBe(401);
    expect((await pdf(fresh.id, learner)).status).toBe(410);
    expect(errorCode(await setVisibility(fresh.id, true, learner))).toBe('CONFLICT');
  });
});
