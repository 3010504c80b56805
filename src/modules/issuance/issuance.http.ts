import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mayReadLearner, type Viewer } from '../../shared/access';
import { pathEnrollmentCheck } from '../progress';
import { DomainError, type ErrorCode } from '../../shared/errors';
import { isUuid } from '../../shared/keys';
import type { Logger } from '../../shared/logger';
import { CredentialConfiguration, Credential, CredentialStatus } from '../credentials';
import { AssetService, MAX_ASSET_BYTES } from './asset.service';
import { type ObjectStorage, StorageError } from './storage';

/** How long a presigned download URL stays valid. */
const DOWNLOAD_TTL_SECONDS = 300;

export interface IssuanceHttpDeps {
  /** A fresh EntityManager per request. */
  em: () => EntityManager;
  storage: ObjectStorage;
  verifyToken: (authorization: string | undefined) => Promise<Viewer | null>;
  logger: Logger;
}

const STATUS_OF: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

type Authenticated = Request & { viewer?: Viewer };

function fail(res: Response, status: number, code: string, message: string): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).json({ error: { code, message } });
}

/**
 * `GET /credentials/:id/pdf` (the learner, staff of the context, admins): the PDF, streamed
 * from local storage or through a short-lived presigned redirect. `PUT /assets/:slug`
 * (admins): uploads a template PDF or font.
 */
export function issuanceRoutes(deps: IssuanceHttpDeps): express.Router {
  const router = express.Router();

  const authenticate = async (req: Authenticated, res: Response, next: NextFunction) => {
    const viewer = await deps.verifyToken(req.headers.authorization);
    if (!viewer) return fail(res, 401, 'UNAUTHENTICATED', 'A valid bearer token is required');
    req.viewer = viewer;
    next();
  };

  router.get('/credentials/:id/pdf', authenticate, async (req: Authenticated, res) => {
    const id = String(req.params.id);
    const em = deps.em();
    const credential = isUuid(id) ? await em.findOne(Credential, { id }) : null;
    const configuration =
      credential &&
      (await em.findOne(CredentialConfiguration, { id: credential.configuration.id }));
    if (!credential || !configuration) {
      return fail(res, 404, 'NOT_FOUND', 'No such credential');
    }
    const context = {
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
    };
    const enrolledInPath = pathEnrollmentCheck(em);
    if (!(await mayReadLearner(req.viewer!, credential.learner.id, context, enrolledInPath))) {
      return fail(
        res,
        403,
        'FORBIDDEN',
        'Only the learner, staff of its context and admins may download this credential',
      );
    }
    if (
      credential.status === CredentialStatus.REVOKED ||
      credential.status === CredentialStatus.INVALIDATED
    ) {
      return fail(res, 410, 'GONE', `This credential was ${credential.status.toLowerCase()}`);
    }
    if (credential.status !== CredentialStatus.AVAILABLE || !credential.storageKey) {
      return fail(res, 404, 'NOT_FOUND', 'The credential is not available yet');
    }
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
        return fail(res, 403, 'FORBIDDEN', 'Only platform admins may upload assets');
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

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof DomainError) {
      return fail(res, STATUS_OF[error.code], error.code, error.message);
    }
    const status = (error as { status?: unknown }).status;
    if (status === 413) {
      return fail(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${MAX_ASSET_BYTES} bytes`,
      );
    }
    if (error instanceof StorageError && error.code === 'NOT_FOUND') {
      return fail(res, 404, 'NOT_FOUND', 'The file is missing from storage');
    }
    deps.logger.error({ err: error }, 'file request failed');
    if (error instanceof StorageError) {
      return fail(res, 503, 'UNAVAILABLE', 'Storage is unavailable; try again later');
    }
    return fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });
  return router;
}
