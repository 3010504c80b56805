import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Viewer } from '../../shared/access';
import {
  answerFor,
  jsonErrorHandler,
  type ResponseCode,
  sendJsonError,
} from '../../shared/error-response';
import type { Logger } from '../../shared/logger';
import { AssetService, MAX_ASSET_BYTES } from './asset.service';
import { credentialFileAccess } from './credential-file-access';
import { asDomainError, type ObjectStorage, StorageError } from './storage';

/** How long a presigned download URL stays valid. */
const DOWNLOAD_TTL_SECONDS = 300;

export interface IssuanceHttpDeps {
  /** A fresh EntityManager per request. */
  em: () => EntityManager;
  storage: ObjectStorage;
  verifyToken: (authorization: string | undefined) => Promise<Viewer | null>;
  logger: Logger;
}

type Authenticated = Request & { viewer?: Viewer };

function fail(res: Response, code: ResponseCode, message: string): void {
  sendJsonError(res, answerFor(code, message));
}

/**
 * `GET /credentials/:id/pdf` (see `credentialFileAccess`): the PDF, streamed
 * from local storage or through a short-lived presigned redirect. `PUT /assets/:slug`
 * (admins): uploads a template PDF or font.
 */
export function issuanceRoutes(deps: IssuanceHttpDeps): express.Router {
  const router = express.Router();

  const authenticate = async (req: Authenticated, res: Response, next: NextFunction) => {
    const viewer = await deps.verifyToken(req.headers.authorization);
    if (!viewer) return fail(res, 'UNAUTHENTICATED', 'A valid bearer token is required');
    req.viewer = viewer;
    next();
  };

  router.get('/credentials/:id/pdf', async (req, res) => {
    const viewer = await deps.verifyToken(req.headers.authorization);
    const access = await credentialFileAccess(deps.em(), viewer, String(req.params.id));
    if (!access.granted) return fail(res, access.code, access.message);
    const { credential } = access.files;
    if (!credential.storageKey) return fail(res, 'NOT_FOUND', 'The credential has no file');
    const target = await deps.storage.downloadTarget(credential.storageKey, DOWNLOAD_TTL_SECONDS);
    res.set('Cache-Control', 'private, no-store');
    if (target.kind === 'redirect') return res.redirect(302, target.url);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="credential-${credential.verificationId}.pdf"`,
      'X-Content-Type-Options': 'nosniff',
    });
    await pipeline(createReadStream(target.path), res);
  });

  router.put(
    '/assets/:slug',
    authenticate,
    (req: Authenticated, res, next) => {
      if (!req.viewer!.isAdmin)
        return fail(res, 'FORBIDDEN', 'Only platform admins may upload assets');
      next();
    },
    express.raw({ type: () => true, limit: MAX_ASSET_BYTES }),
    async (req: Authenticated, res) => {
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array();
      const { asset, created } = await new AssetService(deps.em(), deps.storage).put(
        String(req.params.slug),
        bytes,
      );
      res.status(created ? 201 : 200).json({
        slug: asset.slug,
        contentType: asset.contentType,
        size: asset.size,
        sha256: asset.sha256,
      });
    },
  );

  const answer = jsonErrorHandler(deps.logger, 'file request failed');
  // Express tells error handlers by their four parameters.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (error instanceof StorageError && error.code !== 'NOT_FOUND') {
      deps.logger.warn({ err: error }, 'file storage failed');
    }
    answer(asDomainError(error), req, res, next);
  });
  return router;
}
