import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import gql from 'graphql-tag';
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

/**
 * The fields Laurel contributes to the federated User (progress and credentials), asked
 * directly through _entities and through a gateway that composes Laurel with a users subgraph.
 */
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

it("fails staff's read of credentials when configurations cannot be read, rather than hiding them", async () => {
  const staff = await app.token({ subject: 'teacher', staffCourses: [C2.id] });
  // Every read of credential_configuration fails in PostgreSQL (a view that divides by zero).
  await query(
    app,
    `alter table credential_configuration rename to credential_configuration_kept;
     create view credential_configuration as select * from credential_configuration_kept
       where 1 / (select count(*) - count(*) from credential_configuration_kept) = 1`,
  );
  try {
    const result = (await app.raw(
      {
        query: `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on User { credentials { id } } }
        }`,
        variables: { representations: [{ __typename: 'User', id: 'fed-1' }] },
      },
      { authorization: `Bearer ${staff}` },
    )) as { data?: { _entities: ({ credentials: unknown[] } | null)[] }; errors?: unknown[] };
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data?._entities[0]?.credentials).toBeUndefined();
  } finally {
    await query(
      app,
      `drop view credential_configuration;
       alter table credential_configuration_kept rename to credential_configuration`,
    );
  }
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

describe('through a gateway composed with a users subgraph', () => {
  /** The platform's users subgraph: it owns User and its name and email. */
  const USERS = {
    'fed-1': { id: 'fed-1', name: 'Fed One', email: 'one@example.org' },
    'fed-2': { id: 'fed-2', name: 'Fed Two', email: null },
  };
  const usersSchema = buildSubgraphSchema({
    typeDefs: gql`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query {
        user(id: ID!): User
      }
      type User @key(fields: "id") {
        id: ID!
        name: String!
        email: String
      }
    `,
    resolvers: {
      Query: { user: (_: unknown, { id }: { id: keyof typeof USERS }) => USERS[id] ?? null },
      User: {
        __resolveReference: (ref: { id: keyof typeof USERS }) => USERS[ref.id] ?? null,
      },
    },
  });
  let gateway: ApolloServer<{ authorization?: string }>;
  let laurelSdl: string;

  beforeAll(async () => {
    const service = (await app.raw({ query: '{ _service { sdl } }' })) as {
      data: { _service: { sdl: string } };
    };
    laurelSdl = service.data._service.sdl;
    const composed = composeServices([
      { name: 'laurel', typeDefs: parse(laurelSdl), url: app.laurel.url },
      { name: 'users', typeDefs: parse(printSubgraphSchema(usersSchema)), url: 'in-process' },
    ]);
    // Composition errors fail here, and so CI.
    expect(composed.errors?.map((e) => e.message) ?? []).toEqual([]);
    gateway = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl!,
        buildService: ({ name, url }) =>
          name === 'users'
            ? new LocalGraphQLDataSource(usersSchema)
            : new RemoteGraphQLDataSource<{ authorization?: string }>({
                url,
                // The gateway passes the caller's token on to Laurel.
                willSendRequest: ({ request, context }) => {
                  if (context.authorization) {
                    request.http?.headers.set('authorization', context.authorization);
                  }
                },
              }),
      }),
    });
    await gateway.start();
  });
  afterAll(() => gateway.stop());

  const SPANNING = `query ($id: ID!, $courseId: ID) {
    user(id: $id) {
      name
      email
      credentials { id status configuration { id } }
      progress(courseId: $courseId) { eligible progress credential { id } }
    }
  }`;

  async function ask(token: string, id: string) {
    const response = await gateway.executeOperation(
      { query: SPANNING, variables: { id, courseId: C1.id } },
      { contextValue: { authorization: `Bearer ${token}` } },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }

  it("answers one query that spans the users subgraph and Laurel's User fields", async () => {
    const result = await ask(await app.token({ subject: 'fed-1' }), 'fed-1');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      user: {
        name: 'Fed One',
        email: 'one@example.org',
        credentials: [
          {
            id: credentialIds[C2.id],
            status: 'AVAILABLE',
            configuration: { id: expect.any(String) },
          },
          {
            id: credentialIds[C1.id],
            status: 'AVAILABLE',
            configuration: { id: expect.any(String) },
          },
        ],
        progress: [{ eligible: true, progress: 1, credential: { id: credentialIds[C1.id] } }],
      },
    });
  });

  it("keeps Laurel's rules: another learner gets the user, not their credentials", async () => {
    const result = await ask(await app.token({ subject: 'fed-2' }), 'fed-1');
    expect(result.data?.user).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('composes the subscriptions into the supergraph', () => {
    const composed = composeServices([
      { name: 'laurel', typeDefs: parse(laurelSdl), url: app.laurel.url },
      { name: 'users', typeDefs: parse(printSubgraphSchema(usersSchema)), url: 'in-process' },
    ]);
    expect(composed.supergraphSdl).toMatch(/type Subscription[^}]*progressChanged\(/);
    expect(composed.supergraphSdl).toMatch(/type Subscription[^}]*credentialEvents\(/);
  });
});
