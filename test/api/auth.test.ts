import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type JWTPayload, SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CourseDocument,
  CoursesDocument,
  CreateConfigurationDocument,
  type CredentialConfigurationInput,
  CredentialByIdDocument,
  UpdateConfigurationDocument,
  UpsertCourseDocument,
  UpsertLearnerDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
import { type GraphQLResponse, startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
import { courseInput } from '../support/fixtures';

let app: TestApp;

const A = 'course-v1:Auth+A+2026';
const B = 'course-v1:Auth+B+2026';
const P = 'path-v1:Auth+P+2026+G';
const Q = 'path-v1:Auth+Q+2026+G';
const ids: Record<'configA' | 'configB' | 'configP' | 'configQ', string> = {
  configA: '',
  configB: '',
  configP: '',
  configQ: '',
};

const secret = new TextEncoder().encode(TEST_SECRET);
const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

/** An HS256 token with exactly these claims (signed with the test secret unless told otherwise). */
function sign(claims: JWTPayload, key: Uint8Array = secret): Promise<string> {
  return new SignJWT({ exp: inOneHour(), ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .sign(key);
}

const configOn = (
  context: Partial<CredentialConfigurationInput>,
): CredentialConfigurationInput => ({
  name: 'Certificate',
  requirements: [{ kind: 'COMPLETION', min: 0.8 }],
  ...context,
});

beforeAll(async () => {
  app = await startTestApp();
  for (const id of [A, B]) {
    await app.gql(UpsertCourseDocument, { input: courseInput(id) }, app.adminToken);
  }
  for (const id of [P, Q]) {
    await app.gql(
      UpsertLearningPathDocument,
      { input: { id, title: id, steps: [A, B] } },
      app.adminToken,
    );
  }
  const create = async (input: CredentialConfigurationInput) =>
    (await app.gql(CreateConfigurationDocument, { input }, app.adminToken)).data!
      .createCredentialConfiguration.id;
  ids.configA = await create(configOn({ courseId: A }));
  ids.configB = await create(configOn({ courseId: B }));
  ids.configP = await create(configOn({ learningPathId: P }));
  ids.configQ = await create(configOn({ learningPathId: Q }));
});
afterAll(() => app.stop());

type Send = (token: string | null) => Promise<GraphQLResponse<unknown>>;

/** A typed request whose variables are built when it is sent (ids are known only then). */
const request =
  <T, V>(document: TypedDocumentNode<T, V>, variables: () => V): Send =>
  (token) =>
    app.gql(document, variables(), token);

/** Every mutation of the admin API, as a valid request. */
const mutations: Record<string, Send> = {
  upsertCourse: request(UpsertCourseDocument, () => ({ input: courseInput(A, { blocks: 2 }) })),
  upsertLearningPath: request(UpsertLearningPathDocument, () => ({
    input: { id: P, title: 'P', steps: [A] },
  })),
  upsertLearner: request(UpsertLearnerDocument, () => ({ input: { id: 'l-1', name: 'Lee' } })),
  createCredentialConfiguration: request(CreateConfigurationDocument, () => ({
    input: configOn({ courseId: A }),
  })),
  updateCredentialConfiguration: request(UpdateConfigurationDocument, () => ({
    id: ids.configA,
    input: { name: 'Renamed' },
  })),
};

function expectCode(result: GraphQLResponse<unknown>, code: string) {
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  // A mutation's non-null field nulls `data`; a nullable query field answers null.
  for (const value of Object.values(result.data ?? {})) expect(value).toBeNull();
}

describe('without a token', () => {
  it.each(Object.keys(mutations))(
    '%s is refused with UNAUTHENTICATED and writes nothing',
    async (name) => {
      const before = await snapshotTables(app.databaseUrl);
      const result = await mutations[name](null);
      expectCode(result, 'UNAUTHENTICATED');
      // A resolver-level refusal: the request itself was well-formed (GraphQL answers 200).
      expect(result.status).toBe(200);
      expect(await snapshotTables(app.databaseUrl)).toEqual(before);
    },
  );

  it.each([
    ['course', () => app.gql(CourseDocument, { id: A })],
    ['courses', () => app.gql(CoursesDocument, { first: 1 })],
  ])('the %s query is refused with UNAUTHENTICATED', async (_name, query) => {
    expectCode(await query(), 'UNAUTHENTICATED');
  });
});

describe('a bad Authorization header or token', () => {
  const query = { query: '{ courses(first: 1) { totalCount } }' };
  const cases: [string, () => Promise<string>][] = [
    ['a header with no token', async () => 'Bearer'],
    ['an unknown scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['two tokens', async () => 'Bearer abc def'],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
    ['a token whose header is not JSON', async () => 'Bearer e30x.e30.sig'],
    ['an expired token', async () => `Bearer ${await sign({ sub: 'u', exp: 1_700_000_000 })}`],
    [
      'a token without an expiry',
      async () =>
        `Bearer ${await new SignJWT({ sub: 'u', administrator: true })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(secret)}`,
    ],
    [
      'a token that is not valid yet',
      async () => `Bearer ${await sign({ sub: 'u', nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
    ],
    [
      'a token signed with another secret',
      async () =>
        `Bearer ${await sign({ sub: 'u', administrator: true }, new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256'))}`,
    ],
    [
      'an alg "none" token',
      async () =>
        `Bearer ${new UnsecuredJWT({ sub: 'u', administrator: true }).setExpirationTime('1h').encode()}`,
    ],
    [
      'an HS512 token signed with the secret',
      async () =>
        `Bearer ${await new SignJWT({ sub: 'u', administrator: true })
          .setProtectedHeader({ alg: 'HS512' })
          .setExpirationTime('1h')
          .sign(secret)}`,
    ],
    [
      'an RS512 token when no JWKS is configured',
      async () => {
        const { privateKey } = await generateKeyPair('RS512');
        const token = await new SignJWT({ sub: 'u', administrator: true })
          .setProtectedHeader({ alg: 'RS512' })
          .setExpirationTime('1h')
          .sign(privateKey);
        return `Bearer ${token}`;
      },
    ],
    [
      'a token with a tampered payload',
      async () => {
        const [header, , signature] = (await sign({ sub: 'u' })).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: 'u', administrator: true })).toString(
          'base64url',
        );
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
  ];

  it.each(cases)('%s → HTTP 401 UNAUTHENTICATED', async (_name, header) => {
    const result = await app.raw(query, { authorization: await header() });
    expect(result.status).toBe(401);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.data ?? null).toBeNull();
  });

  it('says that the token has expired', async () => {
    const result = await app.raw(query, {
      authorization: `Bearer ${await sign({ sub: 'u', exp: 1_700_000_000 })}`,
    });
    expect(result.errors?.[0].message).toMatch(/expired/);
  });

  it('refuses a bad token even on an operation that would not need one', async () => {
    const result = await app.raw(
      { query: '{ __typename }' },
      { authorization: 'Bearer not-a-jwt' },
    );
    expect(result.status).toBe(401);
  });
});

describe('accepted schemes', () => {
  it.each([
    ['Bearer', (t: string) => `Bearer ${t}`],
    ['bearer (any case)', (t: string) => `bearer ${t}`],
    ['JWT (as Open edX services send it)', (t: string) => `JWT ${t}`],
  ])('%s', async (_name, header) => {
    const token = await sign({ sub: 'admin-2', administrator: true });
    const result = await app.raw(
      { query: '{ courses(first: 1) { totalCount } }' },
      { authorization: header(token) },
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });
});

describe('roles', () => {
  type Expectation = 'ok' | 'FORBIDDEN';
  const tokens: Record<string, () => Promise<string>> = {
    learner: () => app.token({ subject: 'learner-1' }),
    'course staff of A': () => app.token({ subject: 'staff-a', staffCourses: [A] }),
    'path staff of P': () => app.token({ subject: 'staff-p', staffPaths: [P] }),
    ingest: () => Promise.resolve(app.ingestToken),
    'admin (administrator: true)': () => sign({ sub: 'admin-3', administrator: true }),
    'admin (role laurel:admin)': () => sign({ sub: 'admin-4', roles: ['laurel:admin'] }),
    'admin (roles as a space-separated string)': () =>
      sign({ sub: 'admin-5', roles: 'laurel:ingest laurel:admin' }),
    'no admin (administrator: "true" as a string)': () => sign({ sub: 'x', administrator: 'true' }),
    'no staff (course_staff naming path P)': () => sign({ sub: 'x', roles: [`course_staff:${P}`] }),
  };

  const requests: Record<string, Send> = {
    'upsertCourse A': request(UpsertCourseDocument, () => ({ input: courseInput(A) })),
    'upsertCourse B': request(UpsertCourseDocument, () => ({ input: courseInput(B) })),
    'upsertLearningPath P': request(UpsertLearningPathDocument, () => ({
      input: { id: P, title: P, steps: [A, B] },
    })),
    'upsertLearningPath Q': request(UpsertLearningPathDocument, () => ({
      input: { id: Q, title: Q, steps: [A, B] },
    })),
    upsertLearner: request(UpsertLearnerDocument, () => ({ input: { id: 'l-9', name: 'Lee' } })),
    'create on A': request(CreateConfigurationDocument, () => ({
      input: configOn({ courseId: A }),
    })),
    'create on B': request(CreateConfigurationDocument, () => ({
      input: configOn({ courseId: B }),
    })),
    'create on P': request(CreateConfigurationDocument, () => ({
      input: configOn({ learningPathId: P }),
    })),
    'create on Q': request(CreateConfigurationDocument, () => ({
      input: configOn({ learningPathId: Q }),
    })),
    'update on A': request(UpdateConfigurationDocument, () => ({
      id: ids.configA,
      input: { tier: 1 },
    })),
    'update on B': request(UpdateConfigurationDocument, () => ({
      id: ids.configB,
      input: { tier: 1 },
    })),
    'update on P': request(UpdateConfigurationDocument, () => ({
      id: ids.configP,
      input: { tier: 1 },
    })),
    'update on Q': request(UpdateConfigurationDocument, () => ({
      id: ids.configQ,
      input: { tier: 1 },
    })),
  };

  const F = 'FORBIDDEN' as const;
  // prettier-ignore
  const matrix: Record<string, Expectation[]> = {
    //                                  course A, B  path P, Q  learner  create A, B, P, Q      update A, B, P, Q
    learner:                            [F, F,       F, F,      F,       F, F, F, F,            F, F, F, F],
    'course staff of A':                ['ok', F,    F, F,      F,       'ok', F, F, F,         'ok', F, F, F],
    'path staff of P':                  [F, F,       'ok', F,   F,       F, F, 'ok', F,         F, F, 'ok', F],
    ingest:                             ['ok', 'ok', 'ok', 'ok', 'ok',   F, F, F, F,            F, F, F, F],
    'admin (administrator: true)':      ['ok', 'ok', 'ok', 'ok', 'ok',   'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    'admin (role laurel:admin)':        ['ok', 'ok', 'ok', 'ok', 'ok',   'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    'admin (roles as a space-separated string)': ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    'no admin (administrator: "true" as a string)': [F, F, F, F,   F,       F, F, F, F,            F, F, F, F],
    'no staff (course_staff naming path P)': [F, F, F, F,   F,       F, F, F, F,            F, F, F, F],
  };

  const requestNames = Object.keys(requests);
  const cases = Object.entries(matrix).flatMap(([who, expected]) =>
    expected.map((outcome, i) => [who, requestNames[i], outcome] as const),
  );

  it('covers every request for every caller', () => {
    for (const row of Object.values(matrix)) expect(row).toHaveLength(requestNames.length);
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(tokens).sort());
  });

  it.each(cases)('%s: %s → %s', async (who, what, outcome) => {
    const token = await tokens[who]();
    const before = await snapshotTables(app.databaseUrl);
    const result = await requests[what](token);
    if (outcome === 'ok') {
      expect(result.errors).toBeUndefined();
    } else {
      expectCode(result, outcome);
      expect(result.status).toBe(200);
      expect(await snapshotTables(app.databaseUrl)).toEqual(before);
    }
  });

  it('refuses with FORBIDDEN before validating: a learner sending bad input learns nothing', async () => {
    const token = await app.token({ subject: 'learner-1' });
    const result = await app.gql(
      CreateConfigurationDocument,
      { input: configOn({ courseId: A, requirements: [] }) },
      token,
    );
    expectCode(result, 'FORBIDDEN');
  });

  it('answers NOT_FOUND, not FORBIDDEN, for an update of an unknown configuration', async () => {
    const token = await app.token({ subject: 'staff-a', staffCourses: [A] });
    const result = await app.gql(
      UpdateConfigurationDocument,
      { id: randomUUID(), input: { tier: 2 } },
      token,
    );
    expectCode(result, 'NOT_FOUND');
  });
});

describe('learner identity and reading credentials', () => {
  let credentialId: string;

  beforeAll(async () => {
    await app.gql(UpsertLearnerDocument, { input: { id: '7', name: 'Grace' } }, app.ingestToken);
    credentialId = randomUUID();
    const client = new Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
           context_title, configuration_name, status)
         values ($1, $2, '7', $3, 'Grace', 'Course A', 'Certificate', 'AVAILABLE')`,
        [credentialId, randomUUID(), ids.configA],
      );
    } finally {
      await client.end();
    }
  });

  const readers: [string, boolean, () => Promise<string>][] = [
    ['the learner by sub', true, () => sign({ sub: '7' })],
    ['the learner by a numeric user_id (Open edX)', true, () => sign({ user_id: 7 })],
    ['the learner by a string user_id', true, () => sign({ user_id: '7' })],
    ['another learner', false, () => sign({ sub: '8' })],
    ['another learner by user_id', false, () => sign({ user_id: 8 })],
    [
      'staff of the credential course',
      true,
      () => sign({ sub: 's', roles: [`course_staff:${A}`] }),
    ],
    ['staff of another course', false, () => sign({ sub: 's', roles: [`course_staff:${B}`] })],
    ['staff of a path', false, () => sign({ sub: 's', roles: [`path_staff:${P}`] })],
    ['the ingest service account', false, () => Promise.resolve(app.ingestToken)],
    ['an admin', true, () => Promise.resolve(app.adminToken)],
  ];

  it.each(readers)('%s: reads it = %s', async (_name, reads, token) => {
    const result = await app.gql(CredentialByIdDocument, { id: credentialId }, await token());
    expect(result.errors).toBeUndefined();
    expect(result.data?.credential?.id ?? null).toBe(reads ? credentialId : null);
  });
});
