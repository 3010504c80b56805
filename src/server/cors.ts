import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for pages of other origins (Open edX MFEs, the widget's hosts), one handler in front
 * of every route: CORS_ORIGINS (exact origins) get their origin echoed with credentials
 * (the JWT cookie), every other origin gets no CORS header. Public static files
 * (the widget's bundle) are readable from anywhere, without credentials.
 */

/** Request headers a page may send: those of Apollo clients and Open edX MFEs. */
export const CORS_ALLOWED_HEADERS = [
  'accept-language',
  'apollo-require-preflight',
  'apollographql-client-name',
  'apollographql-client-version',
  'authorization',
  'content-type',
  'use-jwt-cookie',
  'x-apollo-operation-name',
  'x-csrftoken',
] as const;

/** How long a browser may keep a preflight's answer (Chromium keeps at most 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** Paths anyone may read from any page: no cookie, no credentials. */
const PUBLIC_PATHS = ['/widget/'];

const isPreflight = (req: IncomingMessage) =>
  req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;

function appendVary(res: ServerResponse, value: string): void {
  const current = res.getHeader('vary');
  res.setHeader('vary', current ? `${String(current)}, ${value}` : value);
}

/** Adds the CORS headers a request gets; answers a preflight itself and returns true then. */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function corsHandler(origins: readonly string[]): CorsHandler {
  const allowed = new Set(origins);
  const answerPreflight = (res: ServerResponse, methods: string) => {
    res.setHeader('access-control-allow-methods', methods);
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
    res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.statusCode = 204;
    res.end();
    return true;
  };
  return (req, res) => {
    const origin = req.headers.origin;
    const url = req.url ?? '/';
    if (PUBLIC_PATHS.some((path) => url.startsWith(path))) {
      res.setHeader('access-control-allow-origin', '*');
      return isPreflight(req) ? answerPreflight(res, 'GET, HEAD') : false;
    }
    if (allowed.size > 0) appendVary(res, 'Origin');
    if (origin === undefined || !allowed.has(origin)) {
      if (!isPreflight(req)) return false;
      // No CORS header: the browser refuses the request that asked.
      res.statusCode = 403;
      res.end();
      return true;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'Retry-After');
    return isPreflight(req) ? answerPreflight(res, 'GET, HEAD, POST, PUT') : false;
  };
}
