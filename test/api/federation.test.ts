import { composeServices } from '@apollo/composition';
import { Kind, type ObjectTypeDefinitionNode, parse, print } from 'graphql';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  CreateConfigurationDocument,
  UpsertCourseDocument,
  UpsertLearnerDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';

let app: TestApp;
let sdl: string;

const courses = Array.from({ length: 3 }, (_, i) => `course-v1:Fed+C${i}+2026`);
const P = 'path-v1:Fed+P+2026+G';
const configs: string[] = [];
let credentialId: string;

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Course { id title }
    ... on LearningPath { id title }
    ... on CredentialConfiguration { id name }
    ... on Credential { id learnerId }
    ... on User { id }
  }
}`;

type Entity = { __typename: string; id: string; title?: string; name?: string } | null;

function entities(representations: object[], token: string | null = app.adminToken) {
  return app.raw(
    { query: ENTITIES, variables: { representations } },
    token ? { authorization: `Bearer ${token}` } : {},
  ) as Promise<{
    status: number;
    data?: { _entities: Entity[] };
    errors?: { extensions?: { code?: string }; path?: (string | number)[] }[];
  }>;
}

beforeAll(async () => {
  // The expensive-query limit off: its counter would add a statement to the counts below.
  app = await startTestApp({ QUERY_RATE_LIMIT: '0' });
  for (const id of courses) {
    await app.gql(UpsertCourseDocument, { input: courseInput(id, { blocks: 1 }) }, app.adminToken);
  }
  await app.gql(
    UpsertLearningPathDocument,
    { input: { id: P, title: 'Fed path', steps: courses } },
    app.adminToken,
  );
  for (const courseId of courses) {
    const created = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: `Certificate ${courseId}`,
          courseId,
          requirements: [{ kind: 'COMPLETION', min: 0.5 }],
        },
      },
      app.adminToken,
    );
    configs.push(created.data!.createCredentialConfiguration.id);
  }
  await app.gql(UpsertLearnerDocument, { input: { id: '7', name: 'Grace' } }, app.ingestToken);
  credentialId = randomUUID();
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status)
       values ($1, $2, '7', $3, 'Grace', 'C0', 'Certificate', 'AVAILABLE')`,
      [credentialId, randomUUID(), configs[0]],
    );
  } finally {
    await client.end();
  }

  const service = (await app.raw({ query: '{ _service { sdl } }' })) as {
    data?: { _service: { sdl: string } };
  };
  sdl = service.data!._service.sdl;
});
afterAll(() => app.stop());

describe('_service', () => {
  it('links federation v2', () => {
    expect(sdl).toMatch(
      /extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/,
    );
  });

  it.each(['Course', 'LearningPath', 'CredentialConfiguration', 'Credential', 'User'])(
    'declares %s @key(fields: "id")',
    (type) => {
      const definition = parse(sdl).definitions.find(
        (d): d is ObjectTypeDefinitionNode =>
          d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
      );
      const keys = definition?.directives
        ?.filter((d) => d.name.value === 'key')
        .map((d) => print(d));
      expect(keys).toEqual(['@key(fields: "id")']);
    },
  );

  it('is public (a router fetches it without a user token)', async () => {
    const result = await app.raw({ query: '{ _service { sdl } }' });
    expect(result.errors).toBeUndefined();
  });
});

describe('_entities', () => {
  it('resolves Course, LearningPath and CredentialConfiguration in order, unknown as null', async () => {
    const result = await entities([
      { __typename: 'Course', id: courses[1] },
      { __typename: 'LearningPath', id: P },
      { __typename: 'CredentialConfiguration', id: configs[2] },
      { __typename: 'Course', id: 'course-v1:Fed+Nope+2026' },
      { __typename: 'Course', id: courses[0] },
      { __typename: 'LearningPath', id: 'path-v1:Fed+Nope+2026+G' },
      { __typename: 'CredentialConfiguration', id: randomUUID() },
      { __typename: 'CredentialConfiguration', id: 'not-a-uuid' },
      { __typename: 'CredentialConfiguration', id: configs[0] },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { __typename: 'Course', id: courses[1], title: `Course ${courses[1]}` },
      { __typename: 'LearningPath', id: P, title: 'Fed path' },
      { __typename: 'CredentialConfiguration', id: configs[2], name: `Certificate ${courses[2]}` },
      null,
      { __typename: 'Course', id: courses[0], title: `Course ${courses[0]}` },
      null,
      null,
      null,
      { __typename: 'CredentialConfiguration', id: configs[0], name: `Certificate ${courses[0]}` },
    ]);
  });

  it('resolves a User reference to the user id', async () => {
    const result = await entities([{ __typename: 'User', id: '42' }]);
    expect(result.data?._entities).toEqual([{ __typename: 'User', id: '42' }]);
  });

  it.each([
    ['its learner', true, () => app.token({ subject: '7' })],
    ['staff of its course', true, () => app.token({ subject: 's', staffCourses: [courses[0]] })],
    [
      'staff of another course',
      false,
      () => app.token({ subject: 's', staffCourses: [courses[1]] }),
    ],
    ['another learner', false, () => app.token({ subject: '8' })],
    ['an admin', true, () => Promise.resolve(app.adminToken)],
  ])('resolves a Credential for %s (visible: %s)', async (_who, visible, token) => {
    const result = await entities([{ __typename: 'Credential', id: credentialId }], await token());
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      visible ? { __typename: 'Credential', id: credentialId, learnerId: '7' } : null,
    ]);
  });

  it('refuses references without a token', async () => {
    const result = await entities([{ __typename: 'Course', id: courses[0] }], null);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.data?._entities ?? [null]).toEqual([null]);
  });

  /** 100 representations of one type, one in five unknown: [id, the id expected back or null]. */
  const hundred = (known: (i: number) => string, unknown: (i: number) => string) =>
    Array.from({ length: 100 }, (_, i): [string, string | null] =>
      i % 5 ? [known(i), known(i)] : [unknown(i), null],
    );
  const many: Record<string, () => [string, string | null][]> = {
    Course: () =>
      hundred(
        (i) => courses[i % 3],
        (i) => `course-v1:Fed+X${i}+2026`,
      ),
    LearningPath: () =>
      hundred(
        () => P,
        (i) => `path-v1:Fed+X${i}+2026+G`,
      ),
    CredentialConfiguration: () =>
      hundred(
        (i) => configs[i % 3],
        () => randomUUID(),
      ),
  };

  it.each(Object.keys(many))(
    'resolves 100 %s representations with exactly one SQL statement',
    async (type) => {
      const cases = many[type]();
      app.sql.length = 0;
      const result = await entities(cases.map(([id]) => ({ __typename: type, id })));
      expect(result.errors).toBeUndefined();
      expect(app.sql).toHaveLength(1);
      expect(result.data?._entities.map((e) => e?.id ?? null)).toEqual(
        cases.map(([, expected]) => expected),
      );
    },
  );

  it('resolves 100 Credential representations with one statement per table', async () => {
    app.sql.length = 0;
    const result = await entities(
      Array.from({ length: 100 }, (_, i) => ({
        __typename: 'Credential',
        id: i % 2 ? credentialId : randomUUID(),
      })),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.filter(Boolean)).toHaveLength(50);
    // the credentials, then their configurations (for the access check)
    expect(app.sql).toHaveLength(2);
  });
});

describe('composition', () => {
  const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;
  /** The subgraph that owns the platform's users. */
  const users = parse(`${LINK}
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String! }
  `);
  /** A content subgraph: Relay pagination of its own, and fields contributed to Course. */
  const content = parse(`${LINK}
    type Query { units(first: Int, after: String): UnitConnection! }
    type Unit { id: ID! title: String! }
    type UnitConnection { edges: [Unit!]! pageInfo: PageInfo! }
    type PageInfo @shareable { hasNextPage: Boolean! endCursor: String }
    type Course @key(fields: "id") { id: ID! units: [Unit!]! }
  `);

  it.each([
    ['a users subgraph that owns User', { users }],
    ['a content subgraph with its own Relay PageInfo', { content }],
    ['both', { users, content }],
  ])('composes with %s', (_name, others) => {
    const result = composeServices([
      { name: 'laurel', typeDefs: parse(sdl), url: 'http://laurel' },
      ...Object.entries(others).map(([name, typeDefs]) => ({
        name,
        typeDefs,
        url: `http://${name}`,
      })),
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    const supergraph = result.supergraphSdl ?? '';
    expect(supergraph).toMatch(/createCredentialConfiguration\(/);
    if ('users' in others) expect(supergraph).toMatch(/type User\b[^{]*\{[^}]*\bname: String!/);
    if ('content' in others)
      expect(supergraph).toMatch(/type Course\b[^{]*\{[^}]*\bunits: \[Unit!\]!/);
  });
});
