import { randomBytes } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from '../shared/errors';
import { cookieAuthorization, CSRF_HEADER } from './auth/browser-session';
import type { Context } from './context';

/**
 * What browsers signed in by the Open edX JWT cookie need besides GraphQL: the CSRF token
 * route frontend-platform's HTTP client asks for, and the cookie on file downloads.
 */
export function browserRoutes(): Router {
  const router = Router();
  // frontend-platform's AuthenticatedHttpClient reads `csrfToken` from here and sends it as
  // X-CSRFToken on unsafe requests. Laurel checks the header is there (a page of another
  // origin cannot send it without a preflight, which CORS_ORIGINS alone pass), not its value.
  router.get('/csrf/api/v1/token', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ csrfToken: randomBytes(24).toString('base64url') });
  });
  // Links to a learner's PDF and badge files are plain navigations: no Authorization header.
  router.use(['/credentials', '/achievements'], cookieOnReads);
  return router;
}

function cookieOnReads(req: Request, _res: Response, next: NextFunction): void {
  if ((req.method === 'GET' || req.method === 'HEAD') && !req.headers.authorization) {
    const fromCookie = cookieAuthorization(req.headers.cookie);
    if (fromCookie !== null) req.headers.authorization = fromCookie;
  }
  next();
}

/** Refuses a mutation of a cookie-authenticated request that lacks the CSRF header. */
export function csrfPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation' || !contextValue.cookieWithoutCsrf) return;
          const message = `Mutations signed in by the JWT cookie need the ${CSRF_HEADER} header (X-CSRFToken)`;
          throw new GraphQLError(message, {
            originalError: new DomainError('FORBIDDEN', message),
            extensions: { http: { status: 403 } },
          });
        },
      };
    },
  };
}
