import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../../shared/access';
import { DomainError } from '../../shared/errors';
import { viewerFromClaims } from './claims';

export interface TokenVerifierOptions {
  secret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

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

  return async (authorization) => {
    const token = extractToken(authorization);
    if (!token) return null;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('The token is malformed');
    }
    try {
      if (alg === 'HS256' && secret) {
        const { payload } = await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] });
        return viewerFromClaims(payload);
      }
      if (alg && ASYMMETRIC.includes(alg) && jwks) {
        const { payload } = await jwtVerify(token, jwks, { ...claims, algorithms: ASYMMETRIC });
        return viewerFromClaims(payload);
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw unauthenticated(
        code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token could not be verified',
      );
    }
    throw unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
  };
}
