import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../shared/errors';
import { errorResponse, logFailure } from '../shared/error-response';
import { requestInfo, type ResponseWithLocals } from './request-context';

/**
 * The answers /graphql gives before Apollo runs: a body that is not JSON or too large, a
 * batch of too many operations. GraphQL-shaped, with the same codes as Apollo's errors.
 */

/** A GraphQL-shaped error answer outside Apollo (body parsing, batch size). */
function refuse(res: ResponseWithLocals, error: unknown, status?: number): void {
  const response = errorResponse(error);
  logFailure(requestInfo(res).logger, response, error, 'GraphQL request refused');
  const body = JSON.stringify({
    errors: [
      { message: response.message, extensions: { code: response.code, ...response.extensions } },
    ],
  });
  res.statusCode = status ?? response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** 415 for a POST that is not JSON: no body parser ran, so Apollo would find no body. */
export function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'POST' && !req.is('application/json')) {
    refuse(res as unknown as ResponseWithLocals, { status: 415, expose: true });
    return;
  }
  next();
}

/** 413 for a body over MAX_BODY_BYTES (naming the limit), 400 for one that is not JSON. */
export function refuseBody(res: ResponseWithLocals, error: unknown, maxBodyBytes: number): void {
  if ((error as { status?: unknown }).status === 413) {
    refuse(
      res,
      new DomainError(
        'BAD_USER_INPUT',
        `The request body exceeds ${maxBodyBytes} bytes (MAX_BODY_BYTES)`,
        { limit: 'MAX_BODY_BYTES', maximum: maxBodyBytes },
      ),
      // The limit's own status, though the code is BAD_USER_INPUT like every input limit.
      413,
    );
    return;
  }
  refuse(res, error);
}

/** Refuses (and answers) a batch of more than MAX_BATCH_OPERATIONS operations. */
export function admitBatch(
  body: unknown,
  res: ResponseWithLocals,
  maxBatchOperations: number,
): boolean {
  if (Array.isArray(body) && body.length > maxBatchOperations) {
    refuse(
      res,
      new DomainError(
        'BAD_USER_INPUT',
        `The batch holds ${body.length} operations; at most ${maxBatchOperations} are allowed (MAX_BATCH_OPERATIONS)`,
        { limit: 'MAX_BATCH_OPERATIONS', maximum: maxBatchOperations },
      ),
    );
    return false;
  }
  return true;
}
