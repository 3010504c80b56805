import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger';
import type { Admission } from './admission';
import { priorityOfRequest } from './priority';

const SHED_BODY = (retryAfterSeconds: number) =>
  JSON.stringify({
    errors: [
      {
        message: `The server is overloaded; retry in ${retryAfterSeconds} s`,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds },
      },
    ],
  });

/** Refusals are logged at most this often: under overload, logging each would add to it. */
const LOG_EVERY_MS = 10_000;

/**
 * Admission of an HTTP GraphQL request, before its body is read: resolves true once it may
 * run (its place is given back when the response closes), or answers 503 with
 * `Retry-After` and resolves false.
 */
export function httpAdmission(admission: Admission, logger: Logger) {
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
    const body = SHED_BODY(decision.retryAfterSeconds);
    res.statusCode = 503;
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return false;
  };
}
