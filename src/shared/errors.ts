/**
 * Domain errors: services throw these; the GraphQL boundary maps `code` to
 * `extensions.code` (see src/server/format-error.ts). Services never import GraphQL.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** A dependency (PostgreSQL) is away for now: retry after `retryAfterSeconds`. */
  | 'SERVICE_UNAVAILABLE';

export interface FieldProblem {
  field: string;
  message: string;
  index?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      field?: string;
      problems?: FieldProblem[];
      /** RATE_LIMITED, SERVICE_UNAVAILABLE: seconds until the client may try again. */
      retryAfterSeconds?: number;
      /** The configuration variable of an operation limit that was exceeded, and its value. */
      limit?: string;
      maximum?: number;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** One or more invalid fields. The message names the first; all are listed in `problems`. */
export class InputError extends DomainError {
  constructor(problems: FieldProblem[]) {
    const first = problems[0];
    const rest = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super('BAD_USER_INPUT', `${first.field}: ${first.message}${rest}`, {
      field: first.field,
      problems,
    });
  }

  static of(field: string, message: string): InputError {
    return new InputError([{ field, message }]);
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} "${id}" was not found`);

export const forbidden = (message = 'You are not allowed to do this'): DomainError =>
  new DomainError('FORBIDDEN', message);

/** Throws an InputError when any problem was collected. */
export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InputError(problems);
}
