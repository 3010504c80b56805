import {
  CreateConfigurationDocument,
  CredentialByIdDocument,
  CredentialsDocument,
  IssueCredentialDocument,
  LearnerProgressDocument,
  RevokeCredentialDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
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
  upsertPath,
  testCourse,
} from './helpers';

let app: TestApp;
const C = testCourse('course-v1:Access+C1+2026', { blocks: 2 });
const OTHER = 'course-v1:Access+C2+2026';
const P = 'path-v1:Access+P+2026+A';
let configurationId: string;
beforeAll(async () => {
  app = await startTestApp();
  await upsertCourse(app, C);
  await upsertCourse(app, testCourse(OTHER, { blocks: 1 }));
  await upsertPath(app, P, [C.id]);
  configurationId = await createConfiguration(app, {
    courseId: C.id,
    requirements: [completion(0.5)],
  });
  await createConfiguration(app, {
    courseId: C.id,
    name: 'Disabled',
    requirements: [completion(0.9)],
    enabled: false,
  });
  await upsertLearners(app, ['ada', 'bob']);
  await ok(
    record(app, {
      enrollments: [enrollment('ada', { courseId: C.id })],
      completions: completions('ada', C, [1]),
    }),
  );
});
afterAll(() => app.stop());

const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

describe('recordProgress roles', () => {
  const batch = { completions: completions('ada', C, [1]) };

  it('no token → UNAUTHENTICATED', async () => {
    expect(code(await record(app, batch, null))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a learner', { subject: 'ada' }],
    ['staff of the course', { subject: 'teacher', staffCourses: [C.id] }],
  ])('%s → FORBIDDEN, nothing written', async (_who, request) => {
    const before = await query(app, 'select * from block_completion order by block_id');
    expect(code(await record(app, batch, await app.token(request)))).toBe('FORBIDDEN');
    expect(await query(app, 'select * from block_completion order by block_id')).toEqual(before);
  });

  it('an admin may record progress', async () => {
    const result = await ok(
      record(app, { completions: completions('bob', C, [1]) }, app.adminToken),
    );
    expect(result.recordProgress.accepted).toBe(1);
  });
});

describe('learnerProgress access', () => {
  const progress = async (
    token: string | null,
    vars: { learnerId?: string; courseId?: string; learningPathId?: string },
  ) => app.gql(LearnerProgressDocument, vars, token);

  it('no token → UNAUTHENTICATED', async () => {
    expect(code(await progress(null, { courseId: C.id }))).toBe('UNAUTHENTICATED');
  });

  it('a learner reads their own progress; learnerId defaults to the caller', async () => {
    const token = await app.token({ subject: 'ada' });
    const own = await ok(progress(token, { courseId: C.id }));
    expect(own.learnerProgress).toHaveLength(1);
    expect(own.learnerProgress[0]).toMatchObject({
      learnerId: 'ada',
      eligible: true,
      configuration: { id: configurationId },
    });
    const explicit = await ok(progress(token, { learnerId: 'ada', courseId: C.id }));
    expect(explicit.learnerProgress).toEqual(own.learnerProgress);
  });

  it('a learner cannot read another learner → FORBIDDEN', async () => {
    const token = await app.token({ subject: 'bob' });
    expect(code(await progress(token, { learnerId: 'ada', courseId: C.id }))).toBe('FORBIDDEN');
  });

  it('staff read learners of their course; staff of another course → FORBIDDEN', async () => {
    const staff = await app.token({ subject: 't1', staffCourses: [C.id] });
    const result = await ok(progress(staff, { learnerId: 'ada', courseId: C.id }));
    expect(result.learnerProgress[0].eligible).toBe(true);
    const other = await app.token({ subject: 't2', staffCourses: [OTHER] });
    expect(code(await progress(other, { learnerId: 'ada', courseId: C.id }))).toBe('FORBIDDEN');
  });

  it('path staff read learners enrolled in their path, never a course of it directly', async () => {
    await upsertLearners(app, ['cyd']);
    await ok(record(app, { enrollments: [enrollment('cyd', { learningPathId: P })] }));
    const staff = await app.token({ subject: 't3', staffPaths: [P] });
    expect(code(await progress(staff, { learnerId: 'cyd', learningPathId: P }))).toBeUndefined();
    expect(code(await progress(staff, { learnerId: 'ada', learningPathId: P }))).toBe('FORBIDDEN');
    expect(code(await progress(staff, { learnerId: 'cyd', courseId: C.id }))).toBe('FORBIDDEN');
  });

  it('the ingest role is not a reader', async () => {
    expect(code(await progress(app.ingestToken, { learnerId: 'ada', courseId: C.id }))).toBe(
      'FORBIDDEN',
    );
  });

  it.each([
    ['neither courseId nor learningPathId', {}, 'courseId'],
    ['both courseId and learningPathId', { courseId: C.id, learningPathId: P }, 'courseId'],
  ])('%s → BAD_USER_INPUT', async (_what, context, field) => {
    const result = await progress(app.adminToken, { learnerId: 'ada', ...context });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('a token without a learner must name one', async () => {
    const service = await app.token({ admin: true });
    const result = await progress(service, { courseId: C.id });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'learnerId',
    });
  });

  it('lists only enabled configurations; unknown contexts have none', async () => {
    const result = await ok(progress(app.adminToken, { learnerId: 'ada', courseId: C.id }));
    expect(result.learnerProgress.map((p) => p.configuration.id)).toEqual([configurationId]);
    const unknown = await ok(
      progress(app.adminToken, { learnerId: 'ada', courseId: 'course-v1:No+Such+Course' }),
    );
    expect(unknown.learnerProgress).toEqual([]);
  });
});

describe('CredentialProgress.credential', () => {
  const insertCredential = (learnerId: string, status: string) =>
    query<{ id: string }>(
      app,
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status)
       values (gen_random_uuid(), gen_random_uuid(), $1, $2, 'Name', 'Title', 'Certificate', $3)
       returning id`,
      [learnerId, configurationId, status],
    );

  it('is the live credential, not a revoked one', async () => {
    await insertCredential('bob', 'REVOKED');
    const none = await ok(
      app.gql(LearnerProgressDocument, { learnerId: 'bob', courseId: C.id }, app.adminToken),
    );
    expect(none.learnerProgress[0].credential).toBeNull();
    const [live] = await insertCredential('ada', 'AVAILABLE');
    const some = await ok(
      app.gql(LearnerProgressDocument, { learnerId: 'ada', courseId: C.id }, app.adminToken),
    );
    expect(some.learnerProgress[0].credential).toEqual({ id: live.id, status: 'AVAILABLE' });
  });
});

describe('path staff see learners only through their path', () => {
  const GRADED = testCourse('course-v1:Access+GRADED+2026', { blocks: 2 });
  const PATH = 'path-v1:Access+OPEN+2026+A';
  const ATTACK = 'path-v1:Access+ATTACK+2026+A';
  const credentialOf: Record<string, string> = {};
  let pathStaff: string;
  let pathConfiguration: string;

  beforeAll(async () => {
    await upsertCourse(app, GRADED);
    await upsertPath(app, PATH, [GRADED.id]);
    pathConfiguration = await createConfiguration(app, {
      learningPathId: PATH,
      requirements: [completion(0.5)],
    });
    await upsertLearners(app, ['victim', 'member']);
    await ok(
      record(app, {
        enrollments: [
          enrollment('victim', { courseId: GRADED.id }),
          enrollment('member', { courseId: GRADED.id }),
          enrollment('member', { learningPathId: PATH }),
        ],
        completions: [
          ...completions('victim', GRADED, [1, 1]),
          ...completions('member', GRADED, [1]),
        ],
      }),
    );
    // An admin may issue a path's credential to anyone (force): the victim holds one.
    for (const learnerId of ['victim', 'member']) {
      const [row] = await query<{ id: string }>(
        app,
        `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
           context_title, configuration_name, status)
         values (gen_random_uuid(), gen_random_uuid(), $1, $2, 'Name', 'Title', 'Cert', 'AVAILABLE')
         returning id`,
        [learnerId, pathConfiguration],
      );
      credentialOf[learnerId] = row.id;
    }
    pathStaff = await app.token({ subject: 'path-teacher', staffPaths: [PATH] });
  });

  it("the attacker's sequence: a path of their own on someone else's course reads nothing", async () => {
    const attacker = await app.token({ subject: 'attacker', staffPaths: [ATTACK] });
    const upsert = await app.gql(
      UpsertLearningPathDocument,
      { input: { id: ATTACK, title: 'Mine', steps: [GRADED.id] } },
      attacker,
    );
    expect(code(upsert)).toBe('FORBIDDEN');
    const configuration = await app.gql(
      CreateConfigurationDocument,
      { input: { name: 'Cert', learningPathId: ATTACK, requirements: [completion(0.1)] } },
      attacker,
    );
    expect(configuration.errors).toBeDefined();
    const read = await app.gql(
      LearnerProgressDocument,
      { learnerId: 'victim', learningPathId: ATTACK },
      attacker,
    );
    expect(code(read)).toBe('FORBIDDEN');
    expect(read.data?.learnerProgress ?? null).toBeNull();
  });

  it('learnerProgress: an enrolled learner of the path only, never the course itself', async () => {
    const member = await ok(
      app.gql(LearnerProgressDocument, { learnerId: 'member', learningPathId: PATH }, pathStaff),
    );
    expect(member.learnerProgress[0].steps?.map((step) => step.course.id)).toEqual([GRADED.id]);
    const victim = await app.gql(
      LearnerProgressDocument,
      { learnerId: 'victim', learningPathId: PATH },
      pathStaff,
    );
    expect(code(victim)).toBe('FORBIDDEN');
    const course = await app.gql(
      LearnerProgressDocument,
      { learnerId: 'member', courseId: GRADED.id },
      pathStaff,
    );
    expect(code(course)).toBe('FORBIDDEN');
  });

  it("credentials and credential(id): the path's enrolled learners only", async () => {
    for (const filter of [{}, { learningPathId: PATH }, { learnerId: 'victim' }]) {
      const list = await ok(app.gql(CredentialsDocument, { filter }, pathStaff));
      const expected = 'learnerId' in filter ? [] : [credentialOf.member];
      expect(list.credentials.edges.map((edge) => edge.node.id)).toEqual(expected);
      expect(list.credentials.totalCount).toBe(expected.length);
    }
    const victim = await ok(
      app.gql(CredentialByIdDocument, { id: credentialOf.victim }, pathStaff),
    );
    expect(victim.credential).toBeNull();
    const member = await ok(
      app.gql(CredentialByIdDocument, { id: credentialOf.member }, pathStaff),
    );
    expect(member.credential?.learnerId).toBe('member');
  });

  it('the federated User: progress and credentials through the path only', async () => {
    const user = (id: string) =>
      app.raw(
        {
          query: `query ($representations: [_Any!]!, $learningPathId: ID) {
            _entities(representations: $representations) {
              ... on User { credentials { id } progress(learningPathId: $learningPathId) { learnerId } }
            }
          }`,
          variables: { representations: [{ __typename: 'User', id }], learningPathId: PATH },
        },
        { authorization: `Bearer ${pathStaff}` },
      ) as Promise<{
        data?: { _entities: ({ credentials: { id: string }[] } | null)[] } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      }>;
    const victim = await user('victim');
    expect(victim.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const victimCredentials = await app.raw(
      {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { credentials { id } } } }`,
        variables: { r: [{ __typename: 'User', id: 'victim' }] },
      },
      { authorization: `Bearer ${pathStaff}` },
    );
    expect(victimCredentials).toMatchObject({ data: { _entities: [{ credentials: [] }] } });
    const member = await user('member');
    expect(member.errors).toBeUndefined();
    expect(member.data?._entities[0]?.credentials).toEqual([{ id: credentialOf.member }]);
  });

  it('the PDF download: FORBIDDEN for a learner not enrolled in the path', async () => {
    const download = (id: string) =>
      fetch(new URL(`/credentials/${id}/pdf`, app.laurel.url), {
        headers: { authorization: `Bearer ${pathStaff}` },
        redirect: 'manual',
      });
    expect((await download(credentialOf.victim)).status).toBe(403);
    // Past the rights check: no PDF was ever stored for these rows.
    expect((await download(credentialOf.member)).status).toBe(404);
  });

  it('credential mutations: on learners enrolled in the path only', async () => {
    const revoke = (id: string) =>
      app.gql(RevokeCredentialDocument, { id, reason: 'Test' }, pathStaff);
    const before = await query(app, 'select id, status from credential order by id');
    expect(code(await revoke(credentialOf.victim))).toBe('FORBIDDEN');
    const issue = (learnerId: string) =>
      app.gql(
        IssueCredentialDocument,
        { configurationId: pathConfiguration, learnerId },
        pathStaff,
      );
    expect(code(await issue('victim'))).toBe('FORBIDDEN');
    expect(await query(app, 'select id, status from credential order by id')).toEqual(before);
    // The path's own learner: the live credential comes back.
    expect((await ok(issue('member'))).issueCredential.id).toBe(credentialOf.member);
    expect((await ok(revoke(credentialOf.member))).revokeCredential.status).toBe('REVOKED');
  });
});
