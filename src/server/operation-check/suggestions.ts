import type { GraphQLFormattedError } from 'graphql';

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * A message without graphql-js's "Did you mean …?" hint, which names fields, types and
 * enum values: callers who may not introspect do not get the schema piece by piece.
 */
export const withoutSuggestion = (message: string): string => message.replace(SUGGESTION, '');

export function withoutSuggestions(
  errors: readonly GraphQLFormattedError[],
): GraphQLFormattedError[] {
  return errors.map((error) => {
    const message = withoutSuggestion(error.message);
    return message === error.message ? error : { ...error, message };
  });
}
