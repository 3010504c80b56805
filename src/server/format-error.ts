import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseFailureOf } from '../db/errors';
import { DomainError } from '../shared/errors';
import { errorResponse } from '../shared/error-response';

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

/** Whether `error` is not the client's doing nor a known outage: a bug to log. */
export function isUnexpectedError(error: unknown): boolean {
  if (domainErrorOf(error) !== null) return false;
  if (databaseFailureOf(unwrapResolverError(error)) !== null) return false;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return !(typeof code === 'string' && CLIENT_CODES.has(code));
}

/**
 * The one place where errors become GraphQL errors: domain errors and a lost database are
 * answered as src/shared/error-response.ts maps them (code, details, retry hint); anything
 * unexpected is answered as INTERNAL_SERVER_ERROR without internals (and logged by the
 * request's logger, see src/server/plugins.ts).
 */
export function createErrorFormatter() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = domainErrorOf(error) ?? unwrapResolverError(error);
    if (original instanceof DomainError || databaseFailureOf(original) !== null) {
      const response = errorResponse(original);
      return {
        message: response.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: response.code, ...response.extensions },
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
