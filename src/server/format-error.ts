import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseFailureOf } from '../db/errors';
import { DomainError } from '../shared/errors';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/** The DomainError behind `error`: thrown by a resolver, or carried by a plugin's GraphQLError. */
function domainErrorOf(error: unknown): DomainError | null {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original;
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) {
    return original.originalError;
  }
  return null;
}

const DATABASE_MESSAGES = {
  unavailable: 'The database is unavailable; retry shortly',
  timeout: 'The database did not answer in time; retry shortly',
} as const;

/** Whether `error` is not the client's doing nor a known outage: a bug to log. */
export function isUnexpectedError(error: unknown): boolean {
  if (domainErrorOf(error) !== null) return false;
  if (databaseFailureOf(unwrapResolverError(error)) !== null) return false;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return !(typeof code === 'string' && CLIENT_CODES.has(code));
}

/**
 * The one place where errors become GraphQL errors: domain errors keep their code and
 * details; a lost database answers SERVICE_UNAVAILABLE with a retry hint; anything
 * unexpected is answered as INTERNAL_SERVER_ERROR without internals (and logged by the
 * request's logger, see src/server/plugins.ts).
 */
export function createErrorFormatter() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domain = domainErrorOf(error);
    if (domain !== null) {
      const { field, problems, retryAfterSeconds, limit, maximum } = domain.details;
      return {
        message: domain.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: domain.code,
          ...(field ? { field } : {}),
          ...(problems ? { problems } : {}),
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
          ...(limit !== undefined ? { limit, maximum } : {}),
        },
      };
    }
    const failure = databaseFailureOf(unwrapResolverError(error));
    if (failure !== null) {
      return {
        message: DATABASE_MESSAGES[failure],
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      // Variable coercion errors are GraphQL's own BAD_USER_INPUT; keep them as they are.
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code },
      };
    }
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
