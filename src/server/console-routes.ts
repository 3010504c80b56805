import express from 'express';
import fs from 'node:fs';
import path from 'node:path';

/** Where `vite build` writes the console (dist/console beside package.json). */
export function findConsoleBuild(): string | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const built = path.join(dir, 'dist', 'console');
      return fs.existsSync(path.join(built, 'index.html')) ? built : null;
    }
  }
  return null;
}

/**
 * The console talks to this server only: scripts, styles, fonts and images from here, data
 * over /graphql (HTTP and WebSocket, which CSP 3 counts as 'self'), nothing inline.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * `/console`: the Laurel Console, a single-page app. Hashed assets are cached for a year,
 * index.html is revalidated on every load, and every other address under /console answers
 * index.html so the app's own routes survive a reload. Absent when the console was not built.
 */
export function consoleRoutes(root: string | null = findConsoleBuild()): express.Router {
  const router = express.Router();
  if (root === null) {
    router.get(['/console', '/console/*rest'], (_req, res) => {
      res
        .status(404)
        .type('text/plain')
        .send('The console is not built: run `npm run build` (or `npm install`) first.\n');
    });
    return router;
  }
  const security = (res: express.Response) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
  };
  router.use(
    '/console/assets',
    express.static(path.join(root, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
      setHeaders: (res) => security(res as unknown as express.Response),
    }),
  );
  const index = path.join(root, 'index.html');
  const sendIndex = (_req: express.Request, res: express.Response) => {
    security(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').sendFile(index);
  };
  router.get('/console', sendIndex);
  router.get('/console/*rest', (req, res, next) => {
    // Files at the top of the build (favicon, locales) are served; everything else is the app.
    const name = path.basename(req.path);
    const file = path.join(root, name);
    if (name !== 'index.html' && req.path === `/console/${name}` && fs.existsSync(file)) {
      security(res);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(file, (error) => error && next(error));
      return;
    }
    sendIndex(req, res);
  });
  return router;
}
