import type { NextFunction, Request, Response } from 'express';
import { databaseFailureOf } from '../db/errors';
import { DomainError, type ErrorCode } from './errors';
import type { Logger } from './logger';

/**
 * The one mapping from an error to what a client is told: HTTP status, code, public message,
 * headers, and how loudly it is logged. GraphQL (src/server/format-error.ts), the REST
 * routes, the verification page and the ops routes all answer through it.
 */

/** Codes a REST or GraphQL answer may carry: the domain's, plus HTTP-level ones. */
export type ResponseCode =
  ErrorCode | 'BAD_REQUEST' | 'GONE' | 'UNSUPPORTED_MEDIA_TYPE' | 'INTERNAL_SERVER_ERROR';

const STATUS_OF: Record<ResponseCode, number> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** Seconds a client waits before retrying after a lost database. */
export const DATABASE_RETRY_SECONDS = 2;

const DATABASE_MESSAGES = {
  unavailable: 'The database is unavailable; retry shortly',
  timeout: 'The database did not answer in time; retry shortly',
} as const;

export type LogLevel = 'info' | 'warn' | 'error';

export interface ErrorResponse {
  status: number;
  code: ResponseCode;
  /** Safe to show anyone: never a stack, a path, SQL or a dependency's own words. */
  message: string;
  headers: Record<string, string>;
  /** What GraphQL adds to `extensions` beside `code`. */
  extensions: Record<string, unknown>;
  /** The client's mistakes are `info`; outages `warn`; anything else is a bug: `error`. */
  logLevel: LogLevel;
}

export function statusOf(code: ResponseCode): number {
  return STATUS_OF[code];
}

/** The answer of a refusal decided by a route itself (not found, gone, not allowed). */
export function answerFor(code: ResponseCode, message: string): ErrorResponse {
  const problem = code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE';
  return {
    status: STATUS_OF[code],
    code,
    message,
    headers: code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer' } : {},
    extensions: {},
    logLevel: code === 'INTERNAL_SERVER_ERROR' ? 'error' : problem ? 'warn' : 'info',
  };
}

function fromDomain(error: DomainError): ErrorResponse {
  const { field, problems, retryAfterSeconds, limit, maximum } = error.details;
  const answer = answerFor(error.code, error.message);
  if (retryAfterSeconds !== undefined) {
    answer.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
  return {
    ...answer,
    extensions: {
      ...(field ? { field } : {}),
      ...(problems ? { problems } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...(limit !== undefined ? { limit, maximum } : {}),
    },
  };
}

/**
 * The 4xx status an HTTP-level error carries: body-parser's (http-errors, `expose: true`) or
 * the router's failed URL decoding (a URIError). Other errors with a `status` (a dependency's
 * answer) are not the client's doing.
 */
function clientStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, statusCode, expose } = error as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  if (!(error instanceof URIError) && expose !== true) return null;
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : null;
}

/** body-parser's error `type`s, in words that name no internals. */
const BODY_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'charset.unsupported': 'The request body must be UTF-8',
  'encoding.unsupported': 'The request body has an unsupported content encoding',
  'request.aborted': 'The request body was cut short',
  'request.size.invalid': 'The request body does not match its Content-Length',
};

function fromClientStatus(error: unknown, status: number): ErrorResponse {
  const { type, limit } = error as { type?: unknown; limit?: unknown };
  const response = (code: ResponseCode, message: string): ErrorResponse => ({
    ...answerFor(code, message),
    status,
  });
  if (status === 413) {
    const bytes = typeof limit === 'number' ? ` of ${limit} bytes` : '';
    return response('BAD_USER_INPUT', `The request body exceeds the limit${bytes}`);
  }
  if (status === 415) {
    const message =
      BODY_MESSAGES[String(type)] ??
      'The request body must be JSON (Content-Type: application/json)';
    return response('UNSUPPORTED_MEDIA_TYPE', message);
  }
  if (status === 404) return response('NOT_FOUND', 'Not found');
  return response('BAD_REQUEST', BODY_MESSAGES[String(type)] ?? 'The request is malformed');
}

/** What to answer for `error`, whatever threw it. */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) return fromDomain(error);
  const failure = databaseFailureOf(error);
  if (failure !== null) {
    return fromDomain(
      new DomainError('SERVICE_UNAVAILABLE', DATABASE_MESSAGES[failure], {
        retryAfterSeconds: DATABASE_RETRY_SECONDS,
      }),
    );
  }
  const status = clientStatusOf(error);
  if (status !== null) return fromClientStatus(error, status);
  return answerFor('INTERNAL_SERVER_ERROR', 'Internal server error');
}

/** Logs `error` at the level its answer calls for: a client's mistake never above `info`. */
export function logFailure(
  logger: Logger,
  response: ErrorResponse,
  error: unknown,
  message: string,
): void {
  if (response.logLevel === 'info') {
    logger.info({ status: response.status, code: response.code }, message);
  } else {
    logger[response.logLevel]({ err: error, status: response.status }, message);
  }
}

/** The REST routes' error body: `{ "error": { "code", "message" } }`. */
export function sendJsonError(res: Response, response: ErrorResponse): void {
  res
    .status(response.status)
    .set(response.headers)
    .json({ error: { code: response.code, message: response.message } });
}

/** The request's own logger (set by src/server/request-context.ts), else `fallback`. */
function loggerOf(res: Response, fallback: Logger): Logger {
  return (res.locals as { logger?: Logger }).logger ?? fallback;
}

/** Last error handler of a JSON router or app: nothing reaches express's HTML default. */
export function jsonErrorHandler(logger: Logger, what = 'request failed') {
  // Express tells error handlers by their four parameters.
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const response = errorResponse(error);
    logFailure(loggerOf(res, logger), response, error, what);
    if (res.headersSent) {
      // A stream failed half-way: the client sees a cut connection, never a second body.
      res.destroy();
      return;
    }
    sendJsonError(res, response);
  };
}

/** Last route of an app: any other address is a JSON 404. */
export function jsonNotFound(message = 'No such route') {
  return (_req: Request, res: Response): void => {
    sendJsonError(res, errorResponse(new DomainError('NOT_FOUND', message)));
  };
}
