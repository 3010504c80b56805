import { exportJWK, generateKeyPair, type JWK, type JWTPayload, type KeyLike, SignJWT } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';

/** Open edX signs with RS512 and publishes its keys at <LMS>/oauth2 … /auth/jwks.json. */
const ISSUER = 'http://lms.test/oauth2';
const QUERY = { query: '{ courses(first: 1) { totalCount } }' };

type Alg = 'RS512' | 'RS256' | 'ES256';
const keys = {} as Record<Alg, { privateKey: KeyLike; kid: string }>;
let stranger: KeyLike;
let jwks: http.Server;
let jwksRequests = 0;
let app: TestApp;

beforeAll(async () => {
  const published: JWK[] = [];
  for (const alg of ['RS512', 'RS256', 'ES256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const kid = `key-${alg.toLowerCase()}`;
    keys[alg] = { privateKey, kid };
    published.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  }
  stranger = (await generateKeyPair('RS512')).privateKey;

  jwks = http.createServer((req, res) => {
    jwksRequests++;
    if (req.url !== '/oauth2/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  app = await startTestApp({
    AUTH_JWKS_URL: `http://127.0.0.1:${port}/oauth2/jwks.json`,
    AUTH_ISSUER: ISSUER,
  });
});
afterAll(async () => {
  await app.stop();
  await new Promise((resolve) => jwks.close(resolve));
});

function sign(
  alg: Alg,
  claims: JWTPayload,
  options: { key?: KeyLike; kid?: string; issuer?: string | null } = {},
): Promise<string> {
  const jwt = new SignJWT({ administrator: true, ...claims })
    .setProtectedHeader({ alg, kid: options.kid ?? keys[alg].kid, typ: 'JWT' })
    .setSubject('openedx-admin')
    .setIssuedAt()
    .setExpirationTime('1h');
  if (options.issuer !== null) jwt.setIssuer(options.issuer ?? ISSUER);
  return jwt.sign(options.key ?? keys[alg].privateKey);
}

describe('tokens verified against a JWKS', () => {
  it.each(['RS512', 'RS256', 'ES256'] as const)(
    'accepts an %s token from the issuer (Bearer and JWT schemes)',
    async (alg) => {
      const token = await sign(alg, {});
      for (const scheme of ['Bearer', 'JWT']) {
        const result = await app.raw(QUERY, { authorization: `${scheme} ${token}` });
        expect(result.errors).toBeUndefined();
        expect(result.status).toBe(200);
      }
    },
  );

  it('maps the claims of a JWKS token like any other (a learner is refused an admin mutation)', async () => {
    const token = await sign('RS512', { administrator: false, user_id: 12 });
    const result = await app.raw(
      {
        query: 'mutation { upsertLearner(input: { id: "1", name: "A" }) { id } }',
      },
      { authorization: `JWT ${token}` },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  const refused: [string, () => Promise<string>][] = [
    ['a wrong issuer', () => sign('RS512', {}, { issuer: 'http://evil.test/oauth2' })],
    ['no issuer', () => sign('RS512', {}, { issuer: null })],
    ['a key that is not in the JWKS', () => sign('RS512', {}, { key: stranger })],
    ['an unknown kid', () => sign('RS512', {}, { key: stranger, kid: 'key-unknown' })],
    [
      'an expired token',
      () =>
        new SignJWT({ administrator: true })
          .setProtectedHeader({ alg: 'RS512', kid: keys.RS512.kid })
          .setIssuer(ISSUER)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(keys.RS512.privateKey),
    ],
    [
      'an HS256 token without the configured issuer',
      () =>
        new SignJWT({ administrator: true })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
  ];

  it.each(refused)('refuses %s with HTTP 401 UNAUTHENTICATED', async (_name, token) => {
    const result = await app.raw(QUERY, { authorization: `Bearer ${await token()}` });
    expect(result.status).toBe(401);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('checks the issuer on HS256 tokens too, when both are configured', async () => {
    const token = await new SignJWT({ administrator: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    const result = await app.raw(QUERY, { authorization: `Bearer ${token}` });
    expect(result.errors).toBeUndefined();
  });

  it('fetched the JWKS rather than trusting the token', () => {
    expect(jwksRequests).toBeGreaterThan(0);
  });
});
