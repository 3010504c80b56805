import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import type { OpenBadgesDeps } from './open-badges.setup';

/** Verifiers may keep a list this long; a revocation shows within it. */
export const STATUS_LIST_MAX_AGE_SECONDS = 300;

/**
 * Whether an `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2). Express's
 * `req.fresh` is not used: it also says no when the request carries `Cache-Control: no-cache`.
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * `GET /status-lists/:id`, public: the signed `BitstringStatusListCredential`, with an
 * ETag (304 on a matching `If-None-Match`) and a short public cache lifetime.
 */
export function statusListRoutes(deps: OpenBadgesDeps, em: () => EntityManager): Router {
  const router = Router();
  router.get('/status-lists/:id', async (req: Request<{ id: string }>, res: Response) => {
    const credential = await deps.statusLists.signedList(em(), req.params.id);
    if (credential === null) {
      res.status(404).json({ error: 'No such status list' });
      return;
    }
    const body = JSON.stringify(credential);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    res.set({
      'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE_SECONDS}`,
      etag,
    });
    if (matches(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type('application/vc+ld+json').send(body);
  });
  return router;
}
