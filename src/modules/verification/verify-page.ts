import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { asDomainError, type ObjectStorage, StorageError } from '../issuance';
import { errorResponse, logFailure, statusOf } from '../../shared/error-response';
import type { Logger } from '../../shared/logger';
import { MAX_OPEN_BADGE_UPLOAD_BYTES, OpenBadgeService, type OpenBadgesDeps } from '../openbadges';
import { openBadgeUploadHandlers } from './open-badge-upload';
import { type CheckCache, pageSharingOf } from './page-sharing';
import {
  NOT_FOUND_RESULT,
  parseVerificationId,
  type VerificationDeps,
  VerificationService,
} from './verification.service';
import { VerificationStatus } from './verification.status';
import { matchLocale } from '../../shared/i18n';
import { pageLocale } from './page-locale';
import { verifyPageTranslator } from './page-messages';
import { renderErrorPage, renderRateLimitedPage, renderVerificationPage } from './verify-page.html';

export interface VerifyPageDeps {
  em: EntityManager;
  verification: VerificationDeps;
  /** Where credential PDFs live; null = no downloads. */
  storage: ObjectStorage | null;
  logger: Logger;
  /** Open Badges of this process: the page's OB 3.0 check, `POST /verify/open-badge`. */
  openBadges?: OpenBadgesDeps;
}

/** What the page's badge check posts to, relative to `/verify/<verificationId>`. */
const BADGE_CHECK = { action: 'open-badge', maxBytes: MAX_OPEN_BADGE_UPLOAD_BYTES };

/** Lifetime asked of a download target; the bytes are streamed here, never handed out. */
const DOWNLOAD_TTL_SECONDS = 60;

/** `indexable`: a credential its learner made public, which search engines may list. */
export function securityHeaders(
  res: Response,
  nonce: string,
  indexable: boolean,
  images = false,
): void {
  if (!indexable) res.set('X-Robots-Tag', 'noindex');
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      // The web certificate's logo and signatures are inlined as data: URLs.
      ...(images ? ['img-src data:'] : []),
      // The badge check posts the file it is given to /verify/open-badge.
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    // A credential can be revoked at any time: never serve a stale answer.
    'Cache-Control': 'no-store',
  });
}

export function page(
  res: Response,
  status: number,
  render: (nonce: string) => string,
  indexable = false,
  images = false,
): void {
  const nonce = randomBytes(16).toString('base64');
  securityHeaders(res, nonce, indexable, images);
  res.status(status).send(render(nonce));
}

/**
 * `GET /verify/<verificationId>`: the public verification page (200 for VALID, INVALIDATED
 * and REVOKED, 404 for NOT_FOUND), `GET /verify/<verificationId>/pdf`: the PDF of a VALID
 * credential, and `POST /verify/open-badge` (open-badge-upload.ts). All count against the
 * client's verification budget.
 */
export function createVerifyRouter(deps: VerifyPageDeps): Router {
  const router = express.Router();
  const service = () => new VerificationService(deps.em.fork(), deps.verification);
  const openBadges = (em: EntityManager) => new OpenBadgeService(em, deps.openBadges);
  const checks: CheckCache = new Map();

  // Answers JSON, errors included: before the pages' rate limit and error handler.
  router.post(
    '/open-badge',
    ...openBadgeUploadHandlers({
      verification: service,
      openBadges: openBadges(deps.em),
      logger: deps.logger,
    }),
  );

  router.use(async (req, res, next) => {
    try {
      await service().enforceRateLimit(req.ip);
    } catch (error) {
      failed(req, res, error, 'verification rate limited');
      return;
    }
    next();
  });

  router.get('/:verificationId', async (req: Request<{ verificationId: string }>, res) => {
    try {
      const result = await service().verify(req.params.verificationId);
      const t = verifyPageTranslator(pageLocale(req, result.locale ?? null));
      const found = result.status !== VerificationStatus.NOT_FOUND;
      const verificationId = found ? parseVerificationId(req.params.verificationId) : null;
      const downloadHref =
        result.downloadUrl !== null && verificationId !== null ? `${verificationId}/pdf` : null;
      const sharing =
        result.status === VerificationStatus.VALID && verificationId !== null && deps.openBadges
          ? await sharingOf(deps.openBadges, verificationId)
          : null;
      page(
        res,
        found ? 200 : statusOf('NOT_FOUND'),
        (nonce) =>
          renderVerificationPage({
            result,
            verificationId,
            nonce,
            t,
            downloadHref,
            certificateHref:
              verificationId !== null && result.status === VerificationStatus.VALID
                ? `../certificates/${verificationId}${langQuery(req)}`
                : null,
            sharing,
            badgeCheck: deps.openBadges ? BADGE_CHECK : null,
          }),
        sharing?.isPublic === true,
      );
    } catch (error) {
      failed(req, res, error, 'verification page failed');
    }
  });

  router.get('/:verificationId/pdf', async (req: Request<{ verificationId: string }>, res) => {
    const notFound = () => notFoundPage(req, res);
    const verificationId = parseVerificationId(req.params.verificationId);
    if (verificationId === null || deps.storage === null || !deps.verification.downloads) {
      notFound();
      return;
    }
    try {
      const key = await service().downloadKey(verificationId);
      if (key === null) {
        notFound();
        return;
      }
      await sendPdf(res, deps.storage, key, verificationId);
    } catch (error) {
      if (storageErrorCode(error) === 'NOT_FOUND') {
        if (!res.headersSent) notFound();
        return;
      }
      if (res.headersSent) {
        deps.logger.error({ err: error }, 'verification download failed');
        res.destroy();
      } else {
        failed(req, res, asDomainError(error), 'verification download failed', error);
      }
    }
  });

  // Express tells error handlers by their four parameters.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    failed(req, res, error, 'verification request failed');
  });

  function sharingOf(openBadgesDeps: OpenBadgesDeps, verificationId: string) {
    const em = deps.em.fork();
    return pageSharingOf(
      em,
      {
        openBadges: openBadges(em),
        publicUrl: deps.verification.publicUrl,
        issuerName: openBadgesDeps.issuerName,
        onCheckFailed: (error: unknown) =>
          deps.logger.error({ err: error }, 'Open Badges check of the verification page failed'),
        checks,
      },
      verificationId,
    );
  }

  /**
   * The page for a failure, with the status and headers of src/shared/error-response.ts:
   * too many requests, an outage or a bug ("unavailable"); any other client mistake (a
   * malformed address) names no credential, so it is the not-found page.
   */
  function failed(
    req: Request,
    res: Response,
    error: unknown,
    what: string,
    logged: unknown = error,
  ): void {
    const response = errorResponse(error);
    logFailure(deps.logger, response, logged, what);
    res.set(response.headers);
    const t = verifyPageTranslator(pageLocale(req));
    if (response.code === 'RATE_LIMITED') {
      const seconds = Number(response.extensions.retryAfterSeconds);
      page(res, response.status, (nonce) => renderRateLimitedPage(t, nonce, seconds));
    } else if (response.status < 500) {
      notFoundPage(req, res);
    } else {
      page(res, response.status, (nonce) => renderErrorPage(t, nonce));
    }
  }

  return router;
}

function notFoundPage(req: Request, res: Response): void {
  const t = verifyPageTranslator(pageLocale(req));
  page(res, statusOf('NOT_FOUND'), (nonce) =>
    renderVerificationPage({
      result: NOT_FOUND_RESULT,
      verificationId: null,
      nonce,
      t,
      downloadHref: null,
    }),
  );
}

/** `?lang=<locale>` when the visitor chose one, for links to the other public pages. */
export function langQuery(req: Request): string {
  const chosen = typeof req.query.lang === 'string' ? matchLocale(req.query.lang) : null;
  return chosen ? `?lang=${encodeURIComponent(chosen)}` : '';
}

/**
 * Streams the object under `key`. A local file is piped from disk; any other target (an S3
 * presigned URL) is fetched and passed on rather than redirected to, because its address
 * names the storage key, which holds the credential's private id.
 */
async function sendPdf(
  res: Response,
  storage: ObjectStorage,
  key: string,
  verificationId: string,
): Promise<void> {
  const target = await storage.downloadTarget(key, DOWNLOAD_TTL_SECONDS);
  const headers = (length: number) =>
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(length),
      'Content-Disposition': `inline; filename="credential-${verificationId}.pdf"`,
      'X-Content-Type-Options': 'nosniff',
      'X-Robots-Tag': 'noindex',
      'Cache-Control': 'no-store',
    });
  if (target.kind === 'file') {
    // Opened before any header is set, so a vanished file still gets the 404 page.
    const file = await open(target.path, 'r');
    let size: number;
    try {
      ({ size } = await file.stat());
    } catch (error) {
      await file.close();
      throw error;
    }
    headers(size);
    // The stream closes the handle when it ends or fails.
    await pipeline(file.createReadStream(), res);
    return;
  }
  const bytes = await storage.get(key);
  headers(bytes.byteLength);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function storageErrorCode(error: unknown): string | undefined {
  if (error instanceof StorageError) return error.code;
  // A file removed between the lookup and the read.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : 0;
  return code === 'ENOENT' ? 'NOT_FOUND' : undefined;
}
