import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Viewer } from '../../src/shared/access';
import { createTokenVerifier } from '../../src/server/auth/token-verifier';
import { VerifiedTokenCache } from '../../src/server/auth/verified-token-cache';

/** Verified tokens are remembered by the token string, never past their exp. */
const SECRET = 'token-cache-secret-that-is-long-enough';
const key = new TextEncoder().encode(SECRET);
const hs256 = () =>
  createTokenVerifier({ secret: SECRET, jwksUrl: null, issuer: null, audience: null });

function sign(exp: number, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ sub: 'learner-1', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(exp)
    .sign(key);
}
const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;
const viewer = (expiresAt: number | null): Viewer => ({
  learnerId: 'u',
  isAdmin: false,
  canIngest: false,
  staffCourses: new Set(),
  staffPaths: new Set(),
  expiresAt: expiresAt === null ? null : new Date(expiresAt),
});

describe('the verifier', () => {
  it('answers a token seen before from its cache, whatever the scheme', async () => {
    const verify = hs256();
    const token = await sign(inOneHour());
    const first = await verify(`Bearer ${token}`);
    expect(first?.learnerId).toBe('learner-1');
    expect(await verify(`JWT ${token}`)).toBe(first);
  });

  it('refuses a cached token once it has expired', async () => {
    const verify = hs256();
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = await sign(exp);
    expect((await verify(`Bearer ${token}`))?.learnerId).toBe('learner-1');
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(verify(`Bearer ${token}`)).rejects.toThrow(/expired/);
  });

  it('does not accept a tampered token because its payload was cached', async () => {
    const verify = hs256();
    const token = await sign(inOneHour());
    await verify(`Bearer ${token}`);
    const [header, payload] = token.split('.');
    await expect(verify(`Bearer ${header}.${payload}.${'A'.repeat(43)}`)).rejects.toThrow(
      /could not be verified/,
    );
  });

  it('caches tokens verified against a JWKS too', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = http.createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = jwks.address() as AddressInfo;
      const verify = createTokenVerifier({
        secret: null,
        jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
        issuer: null,
        audience: null,
      });
      const token = await new SignJWT({ sub: 'openedx-1' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setExpirationTime('1h')
        .sign(privateKey);
      const first = await verify(`Bearer ${token}`);
      expect(first?.learnerId).toBe('openedx-1');
      expect(await verify(`Bearer ${token}`)).toBe(first);
    } finally {
      await new Promise((resolve) => jwks.close(resolve));
    }
  });
});

describe('VerifiedTokenCache', () => {
  it('forgets an entry at the token’s exp', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 60_000, () => now);
    const known = viewer(now + 5_000);
    cache.set('t', known);
    now += 4_999;
    expect(cache.get('t')).toBe(known);
    now += 1;
    expect(cache.get('t')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('forgets an entry after its maximum age even when the token lives longer', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 60_000, () => now);
    cache.set('t', viewer(now + 3_600_000));
    now += 60_000;
    expect(cache.get('t')).toBeNull();
  });

  it('holds at most its bound, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache(2, 60_000);
    const later = Date.now() + 3_600_000;
    const [a, b, c] = [viewer(later), viewer(later), viewer(later)];
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a);
    cache.set('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeNull();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBe(c);
  });

  it('never remembers a token without an expiry, or when turned off', () => {
    const off = new VerifiedTokenCache(0, 60_000);
    off.set('t', viewer(Date.now() + 60_000));
    expect(off.get('t')).toBeNull();
    const cache = new VerifiedTokenCache(10, 60_000);
    cache.set('t', viewer(null));
    expect(cache.get('t')).toBeNull();
  });
});
