import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap } from 'type-graphql';
import { CourseResolver } from '../modules/catalog/course.resolver';
import { LearningPathResolver } from '../modules/catalog/learning-path.resolver';
import { CredentialConfigurationResolver } from '../modules/credentials/configuration.resolver';
import { CredentialResolver } from '../modules/credentials/credential.resolver';
import { IssuanceResolver } from '../modules/credentials/issuance.resolver';
import { Credential } from '../modules/credentials/credential.entity';
import { LearnerResolver } from '../modules/progress/learner.resolver';
import { ProgressResolver, StepProgressResolver } from '../modules/progress/progress.resolver';
import { UserResolver } from '../modules/progress/user.resolver';
import { User } from '../modules/progress/user.type';
import { VerificationResolver } from '../modules/verification/verification.resolver';
import { DateTimeScalar } from '../shared/scalars';
import type { Context } from './context';
import { referenceResolvers } from './reference-resolvers';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

export const resolvers = [
  CourseResolver,
  LearningPathResolver,
  LearnerResolver,
  CredentialConfigurationResolver,
  CredentialResolver,
  IssuanceResolver,
  ProgressResolver,
  StepProgressResolver,
  UserResolver,
  VerificationResolver,
] as const;

/** The plain type-graphql schema (what schema.graphql holds, and what codegen reads). */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    orphanedTypes: [User, Credential],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
}

/** The schema as committed in schema.graphql: sorted, with federation directives. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}

/** The Federation 2 subgraph schema served over HTTP and WebSocket. */
export async function buildSubgraph(): Promise<GraphQLSchema> {
  const schema = await buildAppSchema();
  const resolverMap = createResolversMap(schema) as GraphQLResolverMap<Context>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolverMap[typeName] = { ...(resolverMap[typeName] as object), ...reference };
  }
  return buildSubgraphSchema({
    typeDefs: gql`
      ${FEDERATION_LINK}
      ${printSchemaWithDirectives(schema)}
    `,
    resolvers: resolverMap as GraphQLResolverMap<unknown>,
  });
}

export { printSchema };
