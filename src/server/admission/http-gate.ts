import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger';
import type { Admission } from './admission';
import { priorityOfRequest } from './priority';

const message = (retryAfterSeconds: number) =>
  `The server is overloaded; retry in ${retryAfterSeconds} s`;

/** How a refusal reads: a GraphQL error list, or the REST routes' `{ error }` body. */
const BODIES = {
  graphql: (retryAfterSeconds: number) =>
    JSON.stringify({
      errors: [
        {
          message: message(retryAfterSeconds),
          extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds },
        },
      ],
    }),
  rest: (retryAfterSeconds: number) =>
    JSON.stringify({
      error: { code: 'SERVICE_UNAVAILABLE', message: message(retryAfterSeconds) },
    }),
};

export type RefusalBody = keyof typeof BODIES;

/** Refusals are logged at most this often: under overload, logging each would add to it. */
const LOG_EVERY_MS = 10_000;

/**
 * Admission of an HTTP request (GraphQL, or a REST route's), before its body is read:
 * resolves true once it may run (its place is given back when the response closes), or
 * answers 503 with `Retry-After` and resolves false. Its priority comes from its token.
 */
export function httpAdmission(admission: Admission, logger: Logger, body: RefusalBody = 'graphql') {
  let lastLog = -Infinity;
  let refusedSinceLog = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const priority = priorityOfRequest(req);
    const decision = await admission.admit(priority);
    if (decision.admitted) {
      // Gone while it waited: 'close' has fired already.
      if (res.destroyed || req.socket.destroyed) {
        decision.release();
        return false;
      }
      res.once('close', decision.release);
      return true;
    }
    refusedSinceLog += 1;
    if (performance.now() - lastLog >= LOG_EVERY_MS) {
      lastLog = performance.now();
      logger.warn(
        { reason: decision.reason, priority, refused: refusedSinceLog, ...admission.status() },
        'overloaded: refusing requests',
      );
      refusedSinceLog = 0;
    }
    const text = BODIES[body](decision.retryAfterSeconds);
    res.statusCode = 503;
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
    return false;
  };
}

/**
 * The REST routes' admission (files, verification pages, status lists, badges, uploads):
 * the same check as GraphQL's, as express middleware. Mounted after the health, readiness
 * and metrics routes, which never pass it.
 */
export function restAdmission(admission: Admission, logger: Logger) {
  const admit = httpAdmission(admission, logger, 'rest');
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    admit(req, res).then((admitted) => {
      if (admitted) next();
    }, next);
  };
}
