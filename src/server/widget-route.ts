import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Request, type Response, Router } from 'express';
import { answerFor, sendJsonError } from '../shared/error-response';

/** Where the build writes the widget (scripts/built.cjs): dist/widget/ of the project. */
function bundlePath(): string | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return path.join(dir, 'dist', 'widget', 'laurel-progress.js');
    }
  }
  return null;
}

interface Bundle {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  mtimeMs: number;
}

/** Browsers revalidate after this (the address carries no version), cheaply by ETag. */
const MAX_AGE_SECONDS = 300;

/**
 * `GET /widget/laurel-progress.js`: the `<laurel-progress>` web component as one ES module,
 * gzipped for clients that accept it, with an ETag; readable from any origin (see cors.ts).
 */
export function widgetRoutes(): Router {
  const router = Router();
  const file = bundlePath();
  let bundle: Bundle | null = null;
  const load = (): Bundle | null => {
    if (file === null) return null;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    if (bundle?.mtimeMs !== stat.mtimeMs) {
      const body = fs.readFileSync(file);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      bundle = { body, gzipped: gzipSync(body, { level: 9 }), etag, mtimeMs: stat.mtimeMs };
    }
    return bundle;
  };
  router.get('/widget/laurel-progress.js', (req: Request, res: Response) => {
    const found = load();
    if (!found) {
      sendJsonError(res, answerFor('NOT_FOUND', 'The widget was not built (npm run build)'));
      return;
    }
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': `public, max-age=${MAX_AGE_SECONDS}`,
      ETag: found.etag,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    });
    if (req.headers['if-none-match'] === found.etag) {
      res.status(304).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.set('Content-Encoding', 'gzip');
    res.end(gzip ? found.gzipped : found.body);
  });
  return router;
}
