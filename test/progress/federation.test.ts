import { startTestApp, type TestApp } from '../support/app';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  upsertCourse,
  upsertLearners,
  testCourse,
} from './helpers';

/** The fields Laurel contributes to the federated User: progress and credentials. */
let app: TestApp;
const C1 = testCourse('course-v1:Fed+C1+2026', { blocks: 2 });
const C2 = testCourse('course-v1:Fed+C2+2026', { blocks: 2 });
const credentialIds: Record<string, string> = {};
beforeAll(async () => {
  app = await startTestApp();
  await upsertCourse(app, C1);
  await upsertCourse(app, C2);
  const configurations = [
    await createConfiguration(app, { courseId: C1.id, requirements: [completion(0.5)] }),
    await createConfiguration(app, { courseId: C2.id, requirements: [completion(0.5)] }),
  ];
  await upsertLearners(app, ['fed-1', 'fed-2']);
  await ok(
    record(app, {
      enrollments: [enrollment('fed-1', { courseId: C1.id })],
      completions: completions('fed-1', C1, [1, 0.5]),
    }),
  );
  for (const [i, configurationId] of configurations.entries()) {
    const [row] = await query<{ id: string }>(
      app,
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status, created_at)
       values (gen_random_uuid(), gen_random_uuid(), 'fed-1', $1, 'Fed One', 'Title', 'Cert',
               'AVAILABLE', now() + make_interval(secs => $2))
       returning id`,
      [configurationId, i],
    );
    credentialIds[i === 0 ? C1.id : C2.id] = row.id;
  }
});
afterAll(() => app.stop());

const USER_QUERY = `query ($representations: [_Any!]!, $courseId: ID) {
  _entities(representations: $representations) {
    ... on User {
      id
      progress(courseId: $courseId) { learnerId eligible progress credential { id } }
      credentials { id status learnerId }
    }
  }
}`;

async function user(token: string, id: string, courseId = C1.id) {
  return app.raw(
    { query: USER_QUERY, variables: { representations: [{ __typename: 'User', id }], courseId } },
    { authorization: `Bearer ${token}` },
  ) as Promise<{
    data?: {
      _entities: ({
        progress: { learnerId: string; eligible: boolean; credential: { id: string } | null }[];
        credentials: { id: string }[];
      } | null)[];
    };
    errors?: { path?: string[]; extensions?: Record<string, unknown> }[];
  }>;
}

it('a learner reads their own progress and credentials through User', async () => {
  const result = await user(await app.token({ subject: 'fed-1' }), 'fed-1');
  expect(result.errors).toBeUndefined();
  const [entity] = result.data!._entities;
  expect(entity?.progress).toEqual([
    {
      learnerId: 'fed-1',
      eligible: true,
      progress: 1,
      credential: { id: credentialIds[C1.id] },
    },
  ]);
  expect(entity?.credentials.map((c) => c.id)).toEqual([
    credentialIds[C2.id],
    credentialIds[C1.id],
  ]);
});

it("another learner may not read a user's progress or credentials", async () => {
  const token = await app.token({ subject: 'fed-2' });
  const result = await user(token, 'fed-1');
  expect(result.data?._entities[0]).toBeNull();
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  const credentialsOnly = (await app.raw(
    {
      query: `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on User { credentials { id } } }
      }`,
      variables: { representations: [{ __typename: 'User', id: 'fed-1' }] },
    },
    { authorization: `Bearer ${token}` },
  )) as { errors?: { extensions?: Record<string, unknown> }[] };
  expect(credentialsOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it("staff of one course see that course's progress and credentials only", async () => {
  const staff = await app.token({ subject: 'teacher', staffCourses: [C2.id] });
  const own = await user(staff, 'fed-1', C2.id);
  expect(own.errors).toBeUndefined();
  expect(own.data!._entities[0]?.credentials.map((c) => c.id)).toEqual([credentialIds[C2.id]]);
  const other = await user(staff, 'fed-1', C1.id);
  expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('admins read everyone; no token is UNAUTHENTICATED', async () => {
  const admin = await user(app.adminToken, 'fed-1');
  expect(admin.errors).toBeUndefined();
  expect(admin.data!._entities[0]?.credentials).toHaveLength(2);
  const anonymous = (await app.raw({
    query: USER_QUERY,
    variables: { representations: [{ __typename: 'User', id: 'fed-1' }], courseId: C1.id },
  })) as { errors?: { extensions?: Record<string, unknown> }[] };
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
