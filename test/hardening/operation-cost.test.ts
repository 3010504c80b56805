import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import {
  analyse,
  costOf,
  listCoordinatesOf,
  namedListCoordinates,
} from '../../src/server/operation-check';
import { buildSubgraph } from '../../src/server/schema';

/** The cost estimate on the real subgraph schema, without a server. */
let cost: (query: string, variables?: Record<string, unknown>) => number;
beforeAll(async () => {
  const schema = await buildSubgraph();
  cost = (query, variables) => {
    const document = parse(query);
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!;
    return costOf(schema, document, operation, variables);
  };
});

it.each([
  ['{ course(id: "c") { id title } }', {}, 3],
  ['{ courses(first: 100) { edges { node { id title } } } }', {}, 401],
  // `first` defaults to 20 in the schema
  ['{ courses { edges { node { id title } } } }', {}, 81],
  ['query ($n: Int!) { courses(first: $n) { totalCount } }', { n: 7 }, 8],
  // a fragment counts at every spread
  [
    '{ a: course(id: "a") { ...F } b: course(id: "b") { ...F } } fragment F on Course { id title blocks { id } }',
    {},
    10,
  ],
  // _entities: per representation, inline fragments included
  [
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id title } } }',
    {
      r: [
        { __typename: 'Course', id: 'a' },
        { __typename: 'Course', id: 'b' },
        { __typename: 'Course', id: 'c' },
      ],
    },
    7,
  ],
  ['{ _service { sdl } }', {}, 2],
  // list items count: 1 + 20 × 1 + 2 statuses
  ['{ credentials(filter: { status: [AVAILABLE, REVOKED] }) { totalCount } }', {}, 23],
  [
    'query ($s: [CredentialStatus!]) { credentials(filter: { status: $s }) { totalCount } }',
    { s: ['AVAILABLE', 'REVOKED', 'PENDING'] },
    24,
  ],
  // a variable's default value is what the operation runs with
  ['query ($n: Int = 50) { courses(first: $n) { totalCount } }', {}, 51],
])('%s with %j costs %d', (query, variables, expected) => {
  expect(cost(query, variables)).toBe(expected);
});

it('knows a cap for every list argument and list input field of the schema', async () => {
  const schema = await buildSubgraph();
  const named = new Set(namedListCoordinates());
  expect(listCoordinatesOf(schema).filter((coordinate) => !named.has(coordinate))).toEqual([]);
});

it('analyses a parsed document once, and works out its variables per request', async () => {
  const schema = await buildSubgraph();
  const document = parse(
    'query ($n: Int!, $s: [CredentialStatus!]) { credentials(first: $n, filter: { status: $s }) { totalCount } }',
  );
  const operation = document.definitions[0] as OperationDefinitionNode;
  expect(analyse(schema, document, operation)).toBe(analyse(schema, document, operation));
  expect(costOf(schema, document, operation, { n: 10, s: ['AVAILABLE'] })).toBe(1 + 10 + 1);
  expect(costOf(schema, document, operation, { n: 30, s: ['AVAILABLE', 'REVOKED'] })).toBe(
    1 + 30 + 2,
  );
});
