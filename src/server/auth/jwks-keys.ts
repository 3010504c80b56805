import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Logger } from '../../shared/logger';

/** A public key of the JWKS, usable to verify signatures. */
export interface JwksKey {
  kid: string | null;
  /** The JWK's `alg`, when it names one: the key verifies only that algorithm then. */
  alg: string | null;
  kty: 'RSA' | 'EC';
  key: KeyObject;
}

/** Algorithms accepted per key type (Open edX signs RS512; RS256 and ES256 as before). */
export const JWKS_ALGORITHMS: Record<JwksKey['kty'], readonly string[]> = {
  RSA: ['RS256', 'RS512'],
  EC: ['ES256'],
};

/** A JWKS keeps at most this many keys: a real one holds a handful. */
const MAX_KEYS = 50;
/** A JWKS body larger than this is refused unread. */
const MAX_BODY_BYTES = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One JWK as a public signing key, or null when it is not one Laurel can use. */
function signingKey(jwk: unknown): JwksKey | null {
  if (!isObject(jwk)) return null;
  const { kty, use, alg, kid } = jwk;
  if (kty !== 'RSA' && kty !== 'EC') return null;
  if (use !== undefined && use !== 'sig') return null;
  const ops = jwk.key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) return null;
  if (alg !== undefined && !(typeof alg === 'string' && JWKS_ALGORITHMS[kty].includes(alg))) {
    return null;
  }
  if (kid !== undefined && typeof kid !== 'string') return null;
  // The public members only: a private exponent published by mistake is not used.
  const members = kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y'];
  const pub: JsonWebKey = { kty };
  for (const member of members) {
    if (typeof jwk[member] !== 'string') return null;
    pub[member] = jwk[member];
  }
  if (kty === 'EC' && pub.crv !== 'P-256') return null;
  try {
    const key = createPublicKey({ key: pub, format: 'jwk' });
    return { kid: kid ?? null, alg: alg ?? null, kty, key };
  } catch {
    return null;
  }
}

/**
 * The signing keys of a JWKS body. Some LMS versions return the JSON encoded a second time
 * (a JSON string holding the JSON); keys that are not public signing keys are skipped.
 * Throws (with a message fit for the log) when the body is no JWKS at all.
 */
export function parseJwks(body: string): JwksKey[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    throw new Error('the body is not JSON');
  }
  if (!isObject(value) || !Array.isArray(value.keys)) {
    throw new Error('the body has no "keys" list');
  }
  const keys: JwksKey[] = [];
  for (const jwk of value.keys.slice(0, MAX_KEYS)) {
    const key = signingKey(jwk);
    if (key !== null) keys.push(key);
  }
  return keys;
}

export interface JwksKeysOptions {
  url: string;
  logger?: Logger;
  /** Least time between two fetches of the JWKS (after the first): a flood of unknown kids fetches once per this. */
  cooldownMs?: number;
  /** Keys are fetched again after this long, so a key removed from the JWKS stops being trusted. */
  maxAgeMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * The keys of a remote JWKS: fetched on first use, again when a token names an unknown
 * `kid` (a rotated key) or the keys are older than maxAgeMs, never more than once per
 * cooldownMs. A failed fetch keeps the keys already known and is logged once, not per token.
 */
export class JwksKeys {
  private keys: readonly JwksKey[] = [];
  private loadedAt: number | null = null;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;
  private problem: string | null = null;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeysOptions) {
    this.cooldownMs = options.cooldownMs ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** The keys that may have signed a token with this header, fetching the JWKS when due. */
  async candidates(header: { kid?: string; alg?: string }): Promise<KeyObject[]> {
    const stale = this.loadedAt === null || this.now() - this.loadedAt >= this.maxAgeMs;
    if (stale) await this.refresh();
    let found = this.matching(header);
    if (found.length === 0 && header.kid !== undefined && !stale) {
      await this.refresh();
      found = this.matching(header);
    }
    return found;
  }

  private matching({ kid, alg }: { kid?: string; alg?: string }): KeyObject[] {
    return this.keys
      .filter(
        (key) =>
          (kid === undefined || key.kid === kid) &&
          alg !== undefined &&
          JWKS_ALGORITHMS[key.kty].includes(alg) &&
          (key.alg === null || key.alg === alg),
      )
      .map((key) => key.key);
  }

  /** Fetches the JWKS unless a fetch is under way (then waits for it) or one was made too recently. */
  private refresh(): Promise<void> {
    if (this.fetching !== null) return this.fetching;
    if (this.now() - this.attemptedAt < this.cooldownMs) return Promise.resolve();
    this.attemptedAt = this.now();
    this.fetching = this.fetchKeys().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchKeys(): Promise<void> {
    let keys: JwksKey[];
    try {
      keys = parseJwks(await this.fetchBody());
    } catch (error) {
      this.report(error instanceof Error ? error.message : String(error));
      return;
    }
    this.keys = keys;
    this.loadedAt = this.now();
    if (keys.length === 0) {
      this.report('it holds no RSA or P-256 signing key');
      return;
    }
    if (this.problem !== null) {
      this.options.logger?.info({ url: this.options.url }, 'the JWKS is usable again');
    }
    this.problem = null;
  }

  private async fetchBody(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      throw new Error(`the request failed (${(error as Error).name})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the LMS answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) {
      await response.body?.cancel();
      throw new Error(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    const body = await response.text();
    if (body.length > MAX_BODY_BYTES)
      throw new Error(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    return body;
  }

  /** Logs a problem the first time it happens, not for every token while it lasts. */
  private report(problem: string): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.options.logger?.error(
      { url: this.options.url, problem },
      'the JWKS could not be used; tokens signed with keys it does not hold are refused',
    );
  }
}
