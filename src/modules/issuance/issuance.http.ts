import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mayReadLearner, type Viewer } from '../../shared/access';
import { pathEnrollmentCheck } from '../progress';
import {
  answerFor,
  jsonErrorHandler,
  type ResponseCode,
  sendJsonError,
} from '../../shared/error-response';
import { isUuid } from '../../shared/keys';
import type { Logger } from '../../shared/logger';
import { CredentialConfiguration, Credential, CredentialStatus } from '../credentials';
import { AssetService, MAX_ASSET_BYTES } from './asset.service';
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
 * `GET /credentials/:id/pdf` (the learner, staff of the context, admins): the PDF, streamed
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

  router.get('/credentials/:id/pdf', authenticate, async (req: Authenticated, res) => {
    const id = String(req.params.id);
    const em = deps.em();
    const credential = isUuid(id) ? await em.findOne(Credential, { id }) : null;
    const configuration =
      credential &&
      (await em.findOne(CredentialConfiguration, { id: credential.configuration.id }));
    if (!credential || !configuration) {
      return fail(res, 'NOT_FOUND', 'No such credential');
    }
    const context = {
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
    };
    const enrolledInPath = pathEnrollmentCheck(em);
    if (!(await mayReadLearner(req.viewer!, credential.learner.id, context, enrolledInPath))) {
      return fail(
        res,
        'FORBIDDEN',
        'Only the learner, staff of its context and admins may download this credential',
      );
    }
    if (
      credential.status === CredentialStatus.REVOKED ||
      credential.status === CredentialStatus.INVALIDATED
    ) {
      return fail(res, 'GONE', `This credential was ${credential.status.toLowerCase()}`);
    }
    if (credential.status !== CredentialStatus.AVAILABLE || !credential.storageKey) {
      return fail(res, 'NOT_FOUND', 'The credential is not available yet');
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
