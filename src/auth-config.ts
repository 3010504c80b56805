/** Keys and tokens: how callers' JWTs are checked, the service tokens, the signing key. */
import { createPrivateKey } from 'node:crypto';
import { ConfigError, type Env, integer, text, url } from './config-values';

export interface AuthConfig {
  jwtSecret: string | null;
  /** AUTH_JWKS_URL, else `${OPENEDX_LMS_URL}/auth/jwks.json`; null = no asymmetric tokens. */
  jwksUrl: string | null;
  /** AUTH_ISSUER: the issuer every token must name (HS256 ones too). */
  issuer: string | null;
  /** AUTH_AUDIENCE: an audience every token must name. */
  audience: string | null;
  /**
   * The issuer JWKS-signed tokens must name: AUTH_JWKS_ISSUER, else AUTH_ISSUER, else
   * `${OPENEDX_LMS_URL}/oauth2`.
   */
  jwksIssuer: string | null;
  /** The audience JWKS-signed tokens must name: AUTH_JWKS_AUDIENCE, else AUTH_AUDIENCE. */
  jwksAudience: string | null;
  /** Clock skew allowed on the exp, iat and nbf of JWKS-signed tokens. */
  leewaySeconds: number;
  /** The claim holding the learner id; null = `user_id` when the token has it, else `sub`. */
  learnerIdClaim: string | null;
}

export function authConfig(env: Env): AuthConfig {
  const secret = text(env, 'AUTH_JWT_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'at least 32 characters', '<hidden>');
  }
  const lmsUrl = url(env, 'OPENEDX_LMS_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null;
  const issuer = text(env, 'AUTH_ISSUER');
  const audience = text(env, 'AUTH_AUDIENCE');
  return {
    jwtSecret: secret,
    jwksUrl:
      url(env, 'AUTH_JWKS_URL', ['http:', 'https:']) ??
      (lmsUrl === null ? null : `${lmsUrl}/auth/jwks.json`),
    issuer,
    audience,
    jwksIssuer:
      text(env, 'AUTH_JWKS_ISSUER') ?? issuer ?? (lmsUrl === null ? null : `${lmsUrl}/oauth2`),
    jwksAudience: text(env, 'AUTH_JWKS_AUDIENCE') ?? audience,
    leewaySeconds: integer(env, 'AUTH_LEEWAY_SECONDS', 60, 0, 3600),
    learnerIdClaim: claimName(env, 'AUTH_LEARNER_ID_CLAIM'),
  };
}

/** A JWT claim name: letters, digits, _ . : - (e.g. user_id, sub). */
function claimName(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  if (!/^[\w.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(name, 'a claim name of up to 64 letters, digits or _ . : -', raw);
  }
  return raw;
}

/** A bearer token a router sends: 16 or more visible characters, never printed back. */
export function serviceToken(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  if (!/^[\x21-\x7e]{16,}$/.test(raw)) {
    throw new ConfigError(name, 'at least 16 visible ASCII characters without spaces', '<hidden>');
  }
  return raw;
}

/** SIGNING_KEY: an Ed25519 private key (PKCS#8 PEM), checked here and never printed back. */
export function signingKey(env: Env): string | null {
  const pem = text(env, 'SIGNING_KEY');
  if (pem === null) return null;
  try {
    const key = createPrivateKey({ key: pem.replace(/\\n/g, '\n').trim(), format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  } catch {
    throw new ConfigError('SIGNING_KEY', 'a PKCS#8 PEM Ed25519 private key', '<hidden>');
  }
  return pem;
}
