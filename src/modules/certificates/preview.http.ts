import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Viewer } from '../../shared/access';
import { jsonErrorHandler } from '../../shared/error-response';
import type { Logger } from '../../shared/logger';
import {
  CertificatePreviewService,
  DEFAULT_PREVIEW_WIDTH,
  type PreviewDeps,
} from './preview.service';

export interface PreviewHttpDeps {
  /** A fresh EntityManager per request. */
  em: () => EntityManager;
  previews: PreviewDeps;
  verifyToken: (authorization: string | undefined) => Promise<Viewer | null>;
  logger: Logger;
}

/** The route of a preview, with its query: `/configurations/<id>/preview.pdf?learnerName=…`. */
export function previewPath(
  configurationId: string,
  format: 'pdf' | 'png',
  query: { learnerName: string; locale?: string | null },
): string {
  const params = new URLSearchParams({ learnerName: query.learnerName });
  if (query.locale != null) params.set('locale', query.locale);
  return `/configurations/${encodeURIComponent(configurationId)}/preview.${format}?${params}`;
}

const single = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A whole number from the query (the service checks its range); absent: `fallback`. */
function wholeNumberOf(raw: unknown, fallback: number): number {
  const text = single(raw);
  if (text === undefined) return fallback;
  return /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * `GET /configurations/<id>/preview.pdf` and `…/preview.png` (`page`, default 1; `width` in
 * pixels), with
 * `learnerName` and optional `locale` in the query: the `previewCertificate` query's render,
 * behind the same check (bearer token of an admin or staff of the context), as files.
 */
export function previewRoutes(deps: PreviewHttpDeps): express.Router {
  const router = express.Router();

  const serve =
    (format: 'pdf' | 'png') =>
    async (req: Request<{ id: string }>, res: Response): Promise<void> => {
      const viewer = await deps.verifyToken(req.headers.authorization);
      const service = new CertificatePreviewService(deps.em(), deps.previews);
      const preview = await service.preview(
        { viewer, clientAddress: req.ip ?? null },
        {
          configurationId: req.params.id,
          learnerName: single(req.query.learnerName) ?? '',
          locale: single(req.query.locale) ?? null,
        },
      );
      const bytes =
        format === 'pdf'
          ? preview.pdf
          : await service.png(
              preview,
              wholeNumberOf(req.query.width, DEFAULT_PREVIEW_WIDTH),
              wholeNumberOf(req.query.page, 1),
            );
      res.set({
        'Content-Type': format === 'pdf' ? 'application/pdf' : 'image/png',
        'Content-Length': String(bytes.byteLength),
        'Content-Disposition': `inline; filename="certificate-preview.${format}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'X-Robots-Tag': 'noindex',
      });
      res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    };

  router.get('/configurations/:id/preview.pdf', serve('pdf'));
  router.get('/configurations/:id/preview.png', serve('png'));

  const answer = jsonErrorHandler(deps.logger, 'certificate preview failed');
  // Express tells error handlers by their four parameters.
  router.use('/configurations', (error: unknown, req: Request, res: Response, next: NextFunction) =>
    answer(error, req, res, next),
  );
  return router;
}
