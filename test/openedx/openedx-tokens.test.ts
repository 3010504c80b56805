import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import {
  createTokenVerifier,
  type TokenVerifierOptions,
} from '../../src/server/auth/token-verifier';
import { createLogger } from '../../src/shared/logger';
import { issueToken } from '../../src/server/auth/issue-token';
import { type FakeLms, type LmsUser, startFakeLms } from '../support/fake-lms-jwks';
import { captureLogs } from '../support/log-capture';

/** Open edX JWTs as the LMS mints them, checked as edx-drf-extensions checks them. */
const SECRET = 'openedx-token-test-secret-long-enough-for-hs256';
const ADA: LmsUser = { id: 1001, username: 'ada', name: 'Ada Lovelace' };

let lms: FakeLms;
beforeEach(async () => {
  lms = await startFakeLms();
});
afterEach(() => lms.close());

/** A verifier configured from the environment an operator would set. */
function verifierFor(env: Record<string, string> = {}, extra: Partial<TokenVerifierOptions> = {}) {
  const config = loadConfig({
    AUTH_JWT_SECRET: SECRET,
    OPENEDX_LMS_URL: `${lms.url}/`,
    AUTH_JWKS_AUDIENCE: lms.audience,
    ...env,
  });
  return createTokenVerifier({ ...config.auth, secret: SECRET, ...extra });
}

const refusal = (verify: ReturnType<typeof verifierFor>, token: string) =>
  verify(`JWT ${token}`).then(
    () => 'accepted',
    (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
  );

describe('an Open edX token', () => {
  it('is verified against <LMS>/auth/jwks.json; the learner is user_id, not the anonymous sub', async () => {
    const verify = verifierFor();
    const token = await lms.mint(ADA);
    const viewer = await verify(`JWT ${token}`);
    expect(viewer).toMatchObject({ learnerId: '1001', isAdmin: false, canIngest: false });
    expect(lms.jwksRequests).toBe(1);
    // The Bearer scheme too; answered from the verified-token cache.
    expect(await verify(`Bearer ${token}`)).toBe(viewer);
  });

  it('takes a user_id sent as a string as it is, and RS256 as well as RS512', async () => {
    const verify = verifierFor();
    const token = await lms.mint(ADA, { claims: { user_id: '1001' }, alg: 'RS256' });
    expect((await verify(`JWT ${token}`))?.learnerId).toBe('1001');
  });

  it('without user_id falls back to sub; AUTH_LEARNER_ID_CLAIM names another claim', async () => {
    const anonymous = await lms.mint(ADA, { claims: { user_id: undefined, sub: 'anon-1' } });
    expect((await verifierFor()(`JWT ${anonymous}`))?.learnerId).toBe('anon-1');
    const byUsername = verifierFor({ AUTH_LEARNER_ID_CLAIM: 'preferred_username' });
    expect((await byUsername(`JWT ${await lms.mint(ADA)}`))?.learnerId).toBe('ada');
    const bySub = verifierFor({ AUTH_LEARNER_ID_CLAIM: 'sub' });
    const sub = await lms.mint(ADA, { claims: { sub: 'f'.repeat(32) } });
    expect((await bySub(`JWT ${sub}`))?.learnerId).toBe('f'.repeat(32));
  });

  it('of a global staff user (administrator: true) is an admin', async () => {
    const token = await lms.mint({ ...ADA, isStaff: true });
    expect((await verifierFor()(`JWT ${token}`))?.isAdmin).toBe(true);
  });

  const leeway = 60;
  const cases: [string, MintCase, string][] = [
    ['a wrong issuer', { claims: { iss: 'http://evil.test/oauth2' } }, 'could not be verified'],
    ['no issuer', { claims: { iss: undefined } }, 'could not be verified'],
    ['a wrong audience', { claims: { aud: 'other-key' } }, 'could not be verified'],
    ['no audience', { claims: { aud: undefined } }, 'could not be verified'],
    ['an expiry beyond the leeway', { expiresIn: -leeway - 5 }, 'has expired'],
    ['no exp', { claims: { exp: undefined } }, 'could not be verified'],
    ['no iat', { claims: { iat: undefined } }, 'could not be verified'],
    ['an iat in the future beyond the leeway', { issuedAt: leeway + 30 }, 'issued in the future'],
    ['version 2.0.0', { claims: { version: '2.0.0' } }, 'version 2.0.0 are not supported'],
    ['an unreadable version', { claims: { version: 'one' } }, 'unreadable version'],
    ['a fractional user_id', { claims: { user_id: 10.5 } }, 'unusable number'],
  ];
  type MintCase = Parameters<FakeLms['mint']>[1];

  it.each(cases)('with %s is refused (UNAUTHENTICATED)', async (_name, mint, message) => {
    const result = await refusal(verifierFor(), await lms.mint(ADA, mint));
    expect(result).toMatch(/^UNAUTHENTICATED: /);
    expect(result).toContain(message);
  });

  it.each([
    ['expired, but within the leeway', { expiresIn: -leeway + 20 }],
    ['issued a little in the future (clock skew)', { issuedAt: 20 }],
    ['of version 1.9.3', { claims: { version: '1.9.3' } }],
    ['without a version (1.0.0)', { claims: { version: undefined } }],
  ])('%s is accepted', async (_name, mint) => {
    expect(await refusal(verifierFor(), await lms.mint(ADA, mint))).toBe('accepted');
  });

  it('honours AUTH_LEEWAY_SECONDS, and AUTH_ISSUER over the LMS default', async () => {
    const token = await lms.mint(ADA, { expiresIn: -20 });
    expect(await refusal(verifierFor({ AUTH_LEEWAY_SECONDS: '0' }), token)).toMatch(/expired/);
    const other = await lms.mint(ADA, { claims: { iss: 'https://lms.example.org/oauth2' } });
    expect(await refusal(verifierFor(), other)).toMatch(/could not be verified/);
    expect(
      await refusal(verifierFor({ AUTH_ISSUER: 'https://lms.example.org/oauth2' }), other),
    ).toBe('accepted');
  });

  it('signed with a key the JWKS does not hold is refused', async () => {
    const verify = verifierFor();
    await verify(`JWT ${await lms.mint(ADA)}`);
    const unpublished = await lms.addKey({ publish: false });
    const result = await refusal(verify, await lms.mint(ADA, { kid: unpublished }));
    expect(result).toMatch(/^UNAUTHENTICATED: /);
  });
});

describe("Laurel's own HS256 tokens", () => {
  it('keep working beside the LMS, without an issuer, audience or iat', async () => {
    const verify = verifierFor();
    const token = await issueToken(SECRET, {
      subject: 'learner-7',
      staffCourses: ['course-v1:O+C+R'],
    });
    const viewer = await verify(`Bearer ${token}`);
    expect(viewer?.learnerId).toBe('learner-7');
    expect([...(viewer?.staffCourses ?? [])]).toEqual(['course-v1:O+C+R']);
    const bare = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect((await verify(`Bearer ${bare}`))?.learnerId).toBe('x');
  });

  it('get no leeway: an HS256 token expired 5 s ago is refused', async () => {
    const token = await issueToken(SECRET, { subject: 'learner-7', ttlSeconds: -5 });
    expect(await refusal(verifierFor(), token)).toMatch(/expired/);
  });
});

describe('the JWKS', () => {
  it('encoded a second time as a JSON string is read', async () => {
    lms.doubleEncode = true;
    expect((await verifierFor()(`JWT ${await lms.mint(ADA)}`))?.learnerId).toBe('1001');
  });

  it('may hold keys of other kinds: they are skipped, the RSA signing key is used', async () => {
    lms.extraKeys = [
      { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'hmac' },
      { kty: 'RSA', use: 'enc', kid: 'enc', n: 'AQAB', e: 'AQAB' },
      { kty: 'RSA', kid: 'broken', n: '!!', e: 'AQAB' },
      { kty: 'OKP', crv: 'Ed25519', x: randomBytes(32).toString('base64url'), kid: 'ed' },
      'not a key' as never,
    ];
    expect((await verifierFor()(`JWT ${await lms.mint(ADA)}`))?.learnerId).toBe('1001');
  });

  it.each([
    ['not JSON', '<html>Server Error</html>'],
    ['JSON without keys', '{"detail":"JWT_PUBLIC_SIGNING_JWK_SET is not set"}'],
    ['a JSON string of garbage', JSON.stringify('{"keys": [')],
  ])('that is %s refuses the tokens and is logged once, without a crash', async (_n, body) => {
    lms.rawBody = body;
    const logs = captureLogs();
    const verify = verifierFor(
      {},
      { logger: createLogger('info', logs.stream), jwksCooldownMs: 0 },
    );
    for (let i = 0; i < 3; i++) {
      expect(await refusal(verify, await lms.mint(ADA))).toMatch(/^UNAUTHENTICATED: /);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(lms.jwksRequests).toBe(3);
    const errors = logs.records().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toMatch(/JWKS could not be used/);

    lms.rawBody = null;
    expect((await verify(`JWT ${await lms.mint(ADA)}`))?.learnerId).toBe('1001');
  });

  it('rotated to a new key (a new kid after the first fetch) keeps working', async () => {
    const verify = verifierFor({}, { jwksCooldownMs: 200 });
    const first = lms.currentKid;
    const old = await lms.mint(ADA);
    expect((await verify(`JWT ${old}`))?.learnerId).toBe('1001');
    expect(lms.jwksRequests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await lms.addKey();
    const rotated = await lms.mint({ ...ADA, id: 1002 });
    expect((await verify(`JWT ${rotated}`))?.learnerId).toBe('1002');
    expect(lms.jwksRequests).toBe(2);
    // Tokens of the old key stay valid while the JWKS still lists it.
    const again = await lms.mint({ ...ADA, id: 1003 }, { kid: first });
    expect((await verify(`JWT ${again}`))?.learnerId).toBe('1003');
  });

  it('is not fetched again for a flood of unknown kids: at most once per cooldown', async () => {
    const verify = verifierFor();
    await verify(`JWT ${await lms.mint(ADA)}`);
    expect(lms.jwksRequests).toBe(1);
    const stranger = await startFakeLms();
    try {
      const forged = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          stranger.mint(ADA, { claims: { iss: lms.issuer }, headerKid: `unknown-${i}` }),
        ),
      );
      const results = await Promise.all(forged.map((token) => refusal(verify, token)));
      expect(new Set(results)).toEqual(
        new Set(['UNAUTHENTICATED: No key of the JWKS matches the token']),
      );
      // The first unknown kid came within the 10 s cooldown of the first fetch: none.
      expect(lms.jwksRequests).toBe(1);
    } finally {
      await stranger.close();
    }
  });

  it('fetched concurrently by many first tokens is fetched once', async () => {
    const verify = verifierFor();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => lms.mint(ADA)));
    await Promise.all(tokens.map((token) => verify(`JWT ${token}`)));
    expect(lms.jwksRequests).toBe(1);
  });
});

describe('the settings', () => {
  it('derive the JWKS URL and issuer from OPENEDX_LMS_URL; explicit settings win', () => {
    const lmsOnly = loadConfig({ OPENEDX_LMS_URL: 'https://lms.example.org/' });
    expect(lmsOnly.openedx).toMatchObject({ lmsUrl: 'https://lms.example.org', clientId: null });
    expect(lmsOnly.auth).toMatchObject({
      jwksUrl: 'https://lms.example.org/auth/jwks.json',
      jwksIssuer: 'https://lms.example.org/oauth2',
      issuer: null,
      leewaySeconds: 60,
      learnerIdClaim: null,
    });
    const explicit = loadConfig({
      OPENEDX_LMS_URL: 'https://lms.example.org',
      AUTH_JWKS_URL: 'https://keys.example.org/jwks.json',
      AUTH_JWKS_ISSUER: 'https://issuer.example.org',
      AUTH_JWKS_AUDIENCE: 'lms-key',
      AUTH_LEEWAY_SECONDS: '5',
      AUTH_LEARNER_ID_CLAIM: 'user_id',
    });
    expect(explicit.auth).toMatchObject({
      jwksUrl: 'https://keys.example.org/jwks.json',
      jwksIssuer: 'https://issuer.example.org',
      jwksAudience: 'lms-key',
      audience: null,
      leewaySeconds: 5,
      learnerIdClaim: 'user_id',
    });
    expect(loadConfig({}).auth).toMatchObject({ jwksUrl: null, jwksIssuer: null });
  });

  it.each([
    ['OPENEDX_LMS_URL', 'lms.example.org'],
    ['OPENEDX_LMS_URL', 'ftp://lms.example.org'],
    ['AUTH_LEEWAY_SECONDS', '-1'],
    ['AUTH_LEEWAY_SECONDS', '3601'],
    ['AUTH_LEARNER_ID_CLAIM', 'user id'],
  ])('refuse %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}:`));
  });
});
