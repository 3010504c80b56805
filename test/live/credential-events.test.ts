import { randomUUID } from 'node:crypto';
import {
  CredentialEventsDocument,
  type CredentialEventsSubscription,
  ReissueCredentialDocument,
  RevokeCredentialDocument,
} from '../operations/generated';
import {
  type Course10,
  courseWithConfiguration,
  FAST_JOBS,
  progress,
  reaches,
} from '../issuance/helpers';
import {
  completion,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  upsertPath,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { bearer, connect, type LiveClient, until, watch, type Watching } from '../support/ws';

/** credentialEvents over a real graphql-ws socket: the pipeline's events, filtered by rights. */
let app: TestApp;
let a: Course10;
let b: Course10;
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
  a = await courseWithConfiguration(app, ['lia', 'leo', 'lou']);
  b = await courseWithConfiguration(app, ['lia', 'leo', 'lou']);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await until(() => app.laurel.live.credentials.size === 0, 'every watch to end');
});
afterAll(() => app.stop());

type Event = CredentialEventsSubscription['credentialEvents'];

async function subscribe(
  token: string,
  variables: { courseId?: string; learningPathId?: string; configurationId?: string } = {},
): Promise<Watching<CredentialEventsSubscription>> {
  const client = connect(app.laurel.url, bearer(token));
  clients.push(client);
  await client.connected;
  const before = app.laurel.live.credentials.size;
  const watching = watch(client, CredentialEventsDocument, variables);
  await until(() => app.laurel.live.credentials.size > before, 'the watch to open');
  return watching;
}

const next = async (watching: Watching<CredentialEventsSubscription>): Promise<Event> =>
  (await watching.next(30_000)).credentialEvents;

const credentialOf = async (learnerId: string, course: Course10) => {
  const [row] = await query<{ id: string }>(
    app,
    `select id from credential where learner_id = $1 and configuration_id = $2
     order by created_at desc limit 1`,
    [learnerId, course.configurationId],
  );
  return row.id;
};

it('an ISSUED event reaches its staff, admins and its learner, and nobody else', async () => {
  const staffA = await subscribe(await app.token({ subject: 'sa', staffCourses: [a.courseId] }), {
    courseId: a.courseId,
  });
  const admin = await subscribe(app.adminToken);
  const lia = await subscribe(await app.token({ subject: 'lia' }));
  const leo = await subscribe(await app.token({ subject: 'leo' }));
  const staffB = await subscribe(await app.token({ subject: 'sb', staffCourses: [b.courseId] }));
  const adminOfB = await subscribe(app.adminToken, { courseId: b.courseId });

  await progress(app, a, ['lia'], 9);
  const id = await credentialOf('lia', a);
  const expected = {
    type: 'ISSUED',
    credential: {
      id,
      learnerId: 'lia',
      status: 'AVAILABLE',
      configuration: { id: a.configurationId },
    },
  };
  for (const watching of [staffA, admin, lia]) {
    const event = await next(watching);
    expect(event).toMatchObject(expected);
    expect(Date.parse(event.at)).toBeGreaterThan(Date.now() - 60_000);
  }
  // Nothing for another learner, staff of another course, or a filter on another course.
  await leo.expectNothing();
  await staffB.expectNothing(0);
  await adminOfB.expectNothing(0);
  await staffA.expectNothing(0);
  await lia.expectNothing(0);
});

it('REVOKED and INVALIDATED come from the lifecycle mutations, then ISSUED of the re-issue', async () => {
  await progress(app, a, ['leo'], 9);
  const old = await credentialOf('leo', a);
  await reaches(app, old, 'AVAILABLE');
  const watching = await subscribe(app.adminToken, { configurationId: a.configurationId });
  await ok(app.gql(ReissueCredentialDocument, { id: old, reason: 'Name fixed' }, app.adminToken));
  const invalidated = await next(watching);
  expect(invalidated).toMatchObject({
    type: 'INVALIDATED',
    credential: { id: old, status: 'INVALIDATED', reason: 'Name fixed' },
  });
  const fresh = await next(watching);
  expect(fresh).toMatchObject({ type: 'ISSUED', credential: { learnerId: 'leo' } });
  expect(fresh.credential.id).not.toBe(old);

  await ok(
    app.gql(RevokeCredentialDocument, { id: fresh.credential.id, reason: 'Fraud' }, app.adminToken),
  );
  expect(await next(watching)).toMatchObject({
    type: 'REVOKED',
    credential: { id: fresh.credential.id, status: 'REVOKED', reason: 'Fraud' },
  });
});

it('a generation that fails for good sends FAILED', async () => {
  // A template naming an asset that is gone: rendering cannot succeed, no retry helps.
  await query(app, `update credential_configuration set template = $1 where id = $2`, [
    JSON.stringify({ asset: 'gone', elements: {} }),
    b.configurationId,
  ]);
  const watching = await subscribe(app.adminToken, { configurationId: b.configurationId });
  await progress(app, b, ['lou'], 9);
  expect(await next(watching)).toMatchObject({
    type: 'FAILED',
    credential: { learnerId: 'lou', status: 'ERROR' },
  });
});

it('refuses what the caller may never see, and unknown configurations', async () => {
  const client = connect(app.laurel.url, bearer(await app.token({ staffCourses: [b.courseId] })));
  clients.push(client);
  const codeOf = async (variables: object) =>
    (await watch(client, CredentialEventsDocument, variables).nextResult()).errors?.map(
      (e) => e.extensions?.code,
    );
  expect(await codeOf({ courseId: a.courseId })).toEqual(['FORBIDDEN']);
  expect(await codeOf({ configurationId: a.configurationId })).toEqual(['FORBIDDEN']);
  expect(await codeOf({ configurationId: randomUUID() })).toEqual(['NOT_FOUND']);
  expect(await codeOf({ courseId: a.courseId, learningPathId: 'path-v1:X+Y+Z+G' })).toEqual([
    'BAD_USER_INPUT',
  ]);
});

it("a path's staff receive the events of learners enrolled in the path only", async () => {
  const path = 'path-v1:Live+EVENTS+2026+A';
  await upsertPath(app, path, [a.courseId]);
  const configurationId = await createConfiguration(app, {
    learningPathId: path,
    requirements: [completion(0.5)],
  });
  await ok(record(app, { enrollments: [enrollment('leo', { learningPathId: path })] }));
  // lia (in the step's course, not in the path) holds one too, as an admin's forced issuance would.
  const credentialFor = async (learnerId: string) =>
    (
      await query<{ id: string }>(
        app,
        `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
           context_title, configuration_name, status)
         values (gen_random_uuid(), gen_random_uuid(), $1, $2, 'Name', 'Title', 'Cert', 'AVAILABLE')
         returning id`,
        [learnerId, configurationId],
      )
    )[0].id;
  const outsider = await credentialFor('lia');
  const member = await credentialFor('leo');
  const pathStaff = await app.token({ subject: 'ps', staffPaths: [path] });
  const watchers = [
    await subscribe(pathStaff, { learningPathId: path }),
    await subscribe(pathStaff, { configurationId }),
    await subscribe(pathStaff),
  ];

  for (const id of [outsider, member]) {
    await ok(app.gql(RevokeCredentialDocument, { id, reason: 'Test' }, app.adminToken));
  }
  for (const watching of watchers) {
    expect(await next(watching)).toMatchObject({
      type: 'REVOKED',
      credential: { id: member, learnerId: 'leo' },
    });
    await watching.expectNothing();
  }
});
