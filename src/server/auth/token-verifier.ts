import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../../shared/access';
import { DomainError } from '../../shared/errors';
import { viewerFromClaims } from './claims';
import { VerifiedTokenCache } from './verified-token-cache';

export interface TokenVerifierOptions {
  secret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  /** Verified tokens remembered (by the token string); 0 turns the cache off. */
  cacheEntries?: number;
}

/** Enough for every caller active at once; an entry is a Viewer of a few hundred bytes. */
const CACHE_ENTRIES = 10_000;
/** How long a verified token is trusted without checking it again (at most until its exp). */
const CACHE_MAX_AGE_MS = 60_000;

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Viewer | null>;

const ASYMMETRIC = ['RS256', 'RS512', 'ES256'];

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/** Accepts `Bearer <jwt>` and `JWT <jwt>` (as Open edX services send it). */
function extractToken(authorization: string | undefined | null): string | null {
  if (!authorization) return null;
  const match = /^(Bearer|JWT)\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization must be "Bearer <token>" or "JWT <token>"');
  return match[2];
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : null;
  const jwks: JWTVerifyGetKey | null = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000 })
    : null;
  const claims = {
    // A token without an expiry would stay valid for ever: refuse it.
    requiredClaims: ['exp'],
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };

  const verified = new VerifiedTokenCache(options.cacheEntries ?? CACHE_ENTRIES, CACHE_MAX_AGE_MS);
  const remember = (token: string, viewer: Viewer): Viewer => {
    verified.set(token, viewer);
    return viewer;
  };

  return async (authorization) => {
    const token = extractToken(authorization);
    if (!token) return null;
    const known = verified.get(token);
    if (known !== null) return known;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('The token is malformed');
    }
    try {
      if (alg === 'HS256' && secret) {
        const { payload } = await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] });
        return remember(token, viewerFromClaims(payload));
      }
      if (alg && ASYMMETRIC.includes(alg) && jwks) {
        const { payload } = await jwtVerify(token, jwks, { ...claims, algorithms: ASYMMETRIC });
        return remember(token, viewerFromClaims(payload));
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as { code?: string }).code;
      throw unauthenticated(
        code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token could not be verified',
      );
    }
    throw unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
  };
}
