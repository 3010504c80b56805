import {
  decodeProtectedHeader,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyOptions,
  type KeyLike,
} from 'jose';
import type { Viewer } from '../../shared/access';
import { DomainError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { viewerFromClaims } from './claims';
import { JWKS_ALGORITHMS, JwksKeys } from './jwks-keys';
import { grantingViewer, type StaffGrantSource } from './staff-grants';
import { tokenVersionProblem } from './token-version';
import { VerifiedTokenCache } from './verified-token-cache';

export interface TokenVerifierOptions {
  secret: string | null;
  jwksUrl: string | null;
  /** The issuer every token must name (HS256 ones too); null = not checked. */
  issuer: string | null;
  /** An audience every token must name; null = not checked. */
  audience: string | null;
  /**
   * The issuer JWKS-signed tokens must name (default: `issuer`). When one is set these
   * tokens are checked as edx-drf-extensions does: `iat` required besides `exp`.
   */
  jwksIssuer?: string | null;
  /** The audience JWKS-signed tokens must name (default: `audience`). */
  jwksAudience?: string | null;
  /** Clock skew allowed on the exp, iat and nbf of JWKS-signed tokens; default 0. */
  leewaySeconds?: number;
  /** The claim holding the learner id; null = `user_id` when present, else `sub`. */
  learnerIdClaim?: string | null;
  /** Least time between two fetches of the JWKS; default 10 s. */
  jwksCooldownMs?: number;
  /** Course staff rights of a token's learner beyond its claims (Open edX roles). */
  staffGrants?: StaffGrantSource | null;
  logger?: Logger;
  /** Verified tokens remembered (by the token string); 0 turns the cache off. */
  cacheEntries?: number;
}

/** Enough for every caller active at once; an entry is a Viewer of a few hundred bytes. */
const CACHE_ENTRIES = 10_000;
/** How long a verified token is trusted without checking it again (at most until its exp). */
const CACHE_MAX_AGE_MS = 60_000;

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Viewer | null>;

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/** Accepts `Bearer <jwt>` and `JWT <jwt>` (as Open edX services send it). */
function extractToken(authorization: string | undefined | null): string | null {
  if (!authorization) return null;
  const match = /^(Bearer|JWT)\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization must be "Bearer <token>" or "JWT <token>"');
  return match[2];
}

const ASYMMETRIC = Object.values(JWKS_ALGORITHMS).flat();

const SIGNATURE_FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';

/** Verifies against each candidate key in turn (a token without `kid` may match several). */
async function verifyWithAny(
  token: string,
  keys: KeyLike[],
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  if (keys.length === 0) throw unauthenticated('No key of the JWKS matches the token');
  let failure: unknown;
  for (const key of keys) {
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      if ((error as { code?: string }).code !== SIGNATURE_FAILED) throw error;
      failure = error;
    }
  }
  throw failure;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : null;
  const jwks = options.jwksUrl
    ? new JwksKeys({
        url: options.jwksUrl,
        logger: options.logger,
        cooldownMs: options.jwksCooldownMs,
      })
    : null;
  const issuer = options.issuer ? { issuer: options.issuer } : {};
  const audience = options.audience ? { audience: options.audience } : {};
  const jwksIssuer = options.jwksIssuer ?? options.issuer;
  const jwksAudience = options.jwksAudience ?? options.audience;
  const leewaySeconds = options.leewaySeconds ?? 0;
  const hs256Checks: JWTVerifyOptions = {
    // A token without an expiry would stay valid for ever: refuse it.
    requiredClaims: ['exp'],
    ...issuer,
    ...audience,
    algorithms: ['HS256'],
  };
  const jwksChecks: JWTVerifyOptions = {
    requiredClaims: jwksIssuer ? ['exp', 'iat'] : ['exp'],
    ...(jwksIssuer ? { issuer: jwksIssuer } : {}),
    ...(jwksAudience ? { audience: jwksAudience } : {}),
    clockTolerance: leewaySeconds,
  };
  const learnerIdClaim = options.learnerIdClaim ?? null;
  const staffGrants = options.staffGrants ?? null;
  const granting = grantingViewer();

  const verified = new VerifiedTokenCache(options.cacheEntries ?? CACHE_ENTRIES, CACHE_MAX_AGE_MS);
  const remember = (token: string, payload: JWTPayload): Viewer => {
    const problem = tokenVersionProblem(payload);
    if (problem !== null) throw unauthenticated(problem);
    const viewer = viewerFromClaims(payload, learnerIdClaim);
    verified.set(token, viewer);
    return viewer;
  };

  const verify = async (token: string): Promise<Viewer> => {
    const known = verified.get(token);
    if (known !== null) return known;
    let header: { alg?: string; kid?: string };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw unauthenticated('The token is malformed');
    }
    const { alg } = header;
    try {
      if (alg === 'HS256' && secret) {
        return remember(token, (await jwtVerify(token, secret, hs256Checks)).payload);
      }
      if (alg && ASYMMETRIC.includes(alg) && jwks) {
        const keys = await jwks.candidates(header);
        const payload = await verifyWithAny(token, keys, { ...jwksChecks, algorithms: [alg] });
        // jose checks iat only for a maximum age; PyJWT (edx-drf-extensions) refuses a future one.
        if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + leewaySeconds) {
          throw unauthenticated('The token was issued in the future');
        }
        return remember(token, payload);
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

  return async (authorization) => {
    const token = extractToken(authorization);
    if (!token) return null;
    const viewer = await verify(token);
    if (staffGrants === null || viewer.learnerId === null || viewer.isAdmin) return viewer;
    const grants = staffGrants.grantsOf(viewer.learnerId);
    return granting(viewer, grants instanceof Promise ? await grants : grants);
  };
}
