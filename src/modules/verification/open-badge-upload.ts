import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { errorResponse, logFailure, sendJsonError } from '../../shared/error-response';
import type { Logger } from '../../shared/logger';
import {
  credentialFromUpload,
  MAX_OPEN_BADGE_UPLOAD_BYTES,
  type OpenBadgeService,
  OpenBadgeTooLargeError,
} from '../openbadges';
import type { VerificationService } from './verification.service';

export interface OpenBadgeUploadDeps {
  /** Per request: the verification budget lives there (`enforceRateLimit`). */
  verification: () => VerificationService;
  openBadges: OpenBadgeService;
  logger: Logger;
}

/**
 * `POST /verify/open-badge`: the raw bytes of an OB 3.0 credential (JSON) or of a badge
 * image with one baked in (PNG, SVG), told apart by their content. Answers the result of
 * `OpenBadgeService.verify` as JSON. It spends the client's verification budget, the one
 * GraphQL `verifyOpenBadge` spends, before reading the body; the credential inside meets the
 * same size limit as there, the file at most MAX_OPEN_BADGE_UPLOAD_BYTES.
 */
export function openBadgeUploadHandlers(
  deps: OpenBadgeUploadDeps,
): (RequestHandler | ErrorRequestHandler)[] {
  const rateLimited: RequestHandler = (req, _res, next) => {
    deps
      .verification()
      .enforceRateLimit(req.ip)
      .then(() => next(), next);
  };
  // No decompression: the limit counts the bytes that arrive.
  const body = express.raw({
    type: () => true,
    limit: MAX_OPEN_BADGE_UPLOAD_BYTES,
    inflate: false,
  });
  const verify: RequestHandler = async (req, res, next) => {
    try {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { format, credential } = credentialFromUpload(bytes);
      const result = await deps.openBadges.verify(credential);
      res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
      res.status(200).json({ format, ...result });
    } catch (error) {
      next(error);
    }
  };
  // Express tells error handlers by their four parameters.
  const failed: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const response = errorResponse(error);
    if (error instanceof OpenBadgeTooLargeError) response.status = 413;
    logFailure(deps.logger, response, error, 'open badge verification refused');
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
    sendJsonError(res, response);
  };
  return [rateLimited, body, verify, failed];
}
