import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import type { Viewer } from '../../shared/access';
import { errorResponse, logFailure, statusOf } from '../../shared/error-response';
import type { Logger } from '../../shared/logger';
import type { ObjectStorage } from '../issuance';
import { OpenBadgeService, type OpenBadgesDeps } from '../openbadges';
import {
  type CheckCache,
  langQuery,
  page,
  pageLocale,
  pageSharingOf,
  type VerificationDeps,
  VerificationService,
  verifyPageTranslator,
} from '../verification';
import { loadWebCertificate } from './web-certificate.data';
import {
  type PageWords,
  renderCertificatePage,
  renderDeniedPage,
  renderNotFoundPage,
  renderProblemPage,
  renderWithdrawnPage,
} from './web-certificate.html';
import { webCertificateTranslator } from './web-certificate.messages';

export interface WebCertificateDeps {
  em: EntityManager;
  verification: VerificationDeps;
  /** Where PDFs and uploaded images live; null = no images, no download. */
  storage: ObjectStorage | null;
  verifyToken: (authorization: string | undefined) => Promise<Viewer | null>;
  logger: Logger;
  openBadges?: OpenBadgesDeps;
}

const words = (locale: string): PageWords => ({
  t: verifyPageTranslator(locale),
  w: webCertificateTranslator(locale),
});

/**
 * `GET /certificates/<verificationId>`: the certificate as a web page, in the credential's
 * locale unless the visitor chooses (`Accept-Language`, `?lang=`). Public credentials to
 * anyone; private ones to a bearer token of their learner, staff or an admin (the file rules).
 * Revoked and invalidated ones say so. Counts against the verification budget.
 */
export function webCertificateRoutes(deps: WebCertificateDeps): Router {
  const router = express.Router();
  const checks: CheckCache = new Map();

  router.get(
    '/certificates/:verificationId',
    async (req: Request<{ verificationId: string }>, res) => {
      try {
        const em = deps.em.fork();
        await new VerificationService(em, deps.verification).enforceRateLimit(req.ip);
        const viewer = await deps.verifyToken(req.headers.authorization).catch(() => null);
        const view = await loadWebCertificate(
          em,
          { verification: deps.verification, storage: deps.storage },
          viewer,
          req.params.verificationId,
        );
        const id = encodeURIComponent(req.params.verificationId.toLowerCase());
        const verifyHref = `../verify/${id}${langQuery(req)}`;
        switch (view.kind) {
          case 'not-found': {
            const pageWords = words(pageLocale(req));
            page(res, statusOf('NOT_FOUND'), (nonce) => renderNotFoundPage(pageWords, nonce));
            return;
          }
          case 'withdrawn': {
            const pageWords = words(pageLocale(req, view.result.locale ?? null));
            page(res, statusOf('GONE'), (nonce) =>
              renderWithdrawnPage(view.result, pageWords, nonce, verifyHref),
            );
            return;
          }
          case 'denied': {
            const pageWords = words(pageLocale(req, view.locale));
            page(res, statusOf(view.code), (nonce) =>
              renderDeniedPage(view.code, pageWords, nonce, verifyHref),
            );
            return;
          }
          case 'certificate': {
            const { certificate } = view;
            const pageWords = words(pageLocale(req, certificate.locale));
            const sharing = deps.openBadges
              ? await sharingOf(deps.openBadges, certificate.verificationId)
              : null;
            const downloadHref =
              deps.storage !== null && deps.verification.downloads
                ? `../verify/${certificate.verificationId}/pdf`
                : null;
            page(
              res,
              200,
              (nonce) =>
                renderCertificatePage({
                  certificate,
                  sharing,
                  words: pageWords,
                  nonce,
                  verifyHref,
                  downloadHref,
                }),
              certificate.isPublic,
              true,
            );
            return;
          }
        }
      } catch (error) {
        failed(req, res, error);
      }
    },
  );

  function sharingOf(openBadges: OpenBadgesDeps, verificationId: string) {
    const em = deps.em.fork();
    return pageSharingOf(
      em,
      {
        openBadges: new OpenBadgeService(em, openBadges),
        publicUrl: deps.verification.publicUrl,
        issuerName: openBadges.issuerName,
        onCheckFailed: (error: unknown) =>
          deps.logger.error({ err: error }, 'Open Badges check of the web certificate failed'),
        checks,
      },
      verificationId,
    );
  }

  /** Too many requests or an outage: a short page with the status and headers they call for. */
  function failed(req: Request, res: Response, error: unknown): void {
    const response = errorResponse(error);
    logFailure(deps.logger, response, error, 'web certificate failed');
    res.set(response.headers);
    const t = verifyPageTranslator(pageLocale(req));
    const limited = response.code === 'RATE_LIMITED';
    const title = t.t(limited ? 'rateLimited.title' : 'unavailable.title');
    const message = limited
      ? t.t('rateLimited.notice', { seconds: Number(response.extensions.retryAfterSeconds) })
      : t.t('unavailable.notice');
    page(res, response.status, (nonce) =>
      renderProblemPage(words(t.locale), nonce, title, message),
    );
  }

  return router;
}
