import type { CombinedError } from '@urql/core';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The API's BAD_USER_INPUT `problems`, by field path (`requirements[0].min`). */
export function problemsByField(error: CombinedError | undefined | null): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const problems = graphQLError.extensions?.problems as FieldProblem[] | undefined;
    for (const problem of problems ?? []) {
      byField[problem.field] = byField[problem.field]
        ? `${byField[problem.field]}; ${problem.message}`
        : problem.message;
    }
    const field = graphQLError.extensions?.field;
    if (typeof field === 'string' && !problems) byField[field] = graphQLError.message;
  }
  return byField;
}

/** The error's code (`FORBIDDEN`, `NOT_FOUND`, …) when the API gave one. */
export function errorCode(error: CombinedError | undefined | null): string | null {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

export function errorText(error: CombinedError): string {
  if (error.networkError) return error.networkError.message;
  return error.graphQLErrors.map((e) => e.message).join('; ');
}
