import { Router, type Request, type Response } from 'express';
import type { OpenBadgesDeps } from './open-badges.setup';

/**
 * The issuer's `did:web` document: at `/.well-known/did.json` for a PUBLIC_URL without a
 * path, at `/did.json` for one with a path (`did:web:host:path` resolves to
 * `https://host/path/did.json`, and Laurel sees the path PUBLIC_URL adds stripped, as with
 * every other route). Both answer; on a `did:key` issuer neither exists.
 */
export function openBadgeRoutes(deps: OpenBadgesDeps): Router {
  const router = Router();
  const serve = async (_req: Request, res: Response) => {
    const document = await deps.didDocument();
    if (document === null) {
      res.status(404).json({ error: 'This issuer is a did:key: there is no did:web document' });
      return;
    }
    res
      .status(200)
      .set('cache-control', 'public, max-age=300')
      .type('application/did+json')
      .send(JSON.stringify(document));
  };
  router.get(['/.well-known/did.json', '/did.json'], serve);
  return router;
}
