import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type PubSub } from 'type-graphql';
import { CourseResolver, LearningPathResolver } from '../modules/catalog';
import { CertificatePreviewResolver } from '../modules/certificates';
import {
  CredentialConfigurationResolver,
  EligibilityPreviewResolver,
  CredentialResolver,
  CredentialEventsResolver,
  IssuanceResolver,
  Credential,
} from '../modules/credentials';
import {
  LearnerResolver,
  ProgressChangedResolver,
  ProgressResolver,
  StepProgressResolver,
  UserResolver,
  User,
} from '../modules/progress';
import { BadgeUrlsResolver, OpenBadgeResolver } from '../modules/openbadges';
import { ConnectorResolver, LmsGradeResolver } from '../modules/openedx';
import {
  CourseOrganizationResolver,
  CredentialIssuerResolver,
  LearningPathOrganizationResolver,
  OrganizationResolver,
} from '../modules/issuers';
import { WebhookResolver } from '../modules/notifications';
import { SharingResolver } from '../modules/sharing';
import { VerificationResolver } from '../modules/verification';
import { DateTimeScalar } from '../shared/scalars';
import type { Context } from './context';
import { referenceResolvers } from './reference-resolvers';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

export const resolvers = [
  CourseResolver,
  LearningPathResolver,
  LearnerResolver,
  CredentialConfigurationResolver,
  EligibilityPreviewResolver,
  CredentialResolver,
  CredentialEventsResolver,
  IssuanceResolver,
  ProgressResolver,
  ProgressChangedResolver,
  StepProgressResolver,
  UserResolver,
  VerificationResolver,
  CertificatePreviewResolver,
  OpenBadgeResolver,
  BadgeUrlsResolver,
  ConnectorResolver,
  LmsGradeResolver,
  OrganizationResolver,
  CourseOrganizationResolver,
  LearningPathOrganizationResolver,
  CredentialIssuerResolver,
  SharingResolver,
  WebhookResolver,
] as const;

/**
 * type-graphql refuses to build subscriptions without a PubSub, though each of ours brings
 * its own `subscribe` (a live feed read through the context), so this one is never used.
 */
const UNUSED_PUBSUB: PubSub = {
  publish: () => {
    throw new Error('Live events go through the EventBus, not type-graphql');
  },
  subscribe: () => {
    throw new Error('Subscriptions read live feeds, not type-graphql');
  },
};

/** The plain type-graphql schema (what schema.graphql holds, and what codegen reads). */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    orphanedTypes: [User, Credential],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub: UNUSED_PUBSUB,
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
