import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { startTestApp, type TestApp } from '../support/app';
import { wsUrl } from '../support/ws';

let app: TestApp;
let base: string;
let adminCookie: string;
let learnerCookie: string;

const MFE = 'http://apps.example.org:2000';
const OTHER = 'http://evil.example.net';

/** The LMS's two JWT cookies of a token: header.payload and the signature. */
function cookiesOf(token: string): string {
  const [header, payload, signature] = token.split('.');
  return `edx-jwt-cookie-header-payload=${header}.${payload}; edx-jwt-cookie-signature=${signature}`;
}

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { response, json, code: json.errors?.[0]?.extensions?.code ?? null };
}

const LEARNER_QUERY = {
  query: '{ learnerProgress(courseId: "course-v1:Cookie+C+2026") { eligible } }',
};
const UPSERT = {
  query: 'mutation { upsertLearner(input: { id: "cookie-1", name: "Ada" }) { id } }',
};

beforeAll(async () => {
  app = await startTestApp({ CORS_ORIGINS: `${MFE}, http://localhost:3000` });
  base = app.laurel.url.replace(/\/graphql$/, '');
  adminCookie = cookiesOf(app.adminToken);
  learnerCookie = cookiesOf(await app.token({ subject: 'learner-7' }));
});
afterAll(() => app.stop());

describe('the Open edX JWT cookie pair', () => {
  it('signs a request in as the Authorization header does', async () => {
    expect((await post(LEARNER_QUERY, {})).code).toBe('UNAUTHENTICATED');
    const signedIn = await post(LEARNER_QUERY, { cookie: learnerCookie });
    expect(signedIn.json.errors).toBeUndefined();
    expect(signedIn.json.data).toEqual({ learnerProgress: [] });
    // Half of the pair is no sign-in; a bad signature is refused as a bad token is.
    const half = learnerCookie.split('; ')[0]!;
    expect((await post(LEARNER_QUERY, { cookie: half })).code).toBe('UNAUTHENTICATED');
    const forged = learnerCookie.replace(/signature=.*/, 'signature=AAAA');
    expect((await post(LEARNER_QUERY, { cookie: forged })).response.status).toBe(401);
    // An Authorization header wins over the cookie.
    const header = await post(LEARNER_QUERY, {
      cookie: forged,
      authorization: `Bearer ${await app.token({ subject: 'learner-7' })}`,
    });
    expect(header.json.errors).toBeUndefined();
  });

  it('is accepted from the own origin and CORS_ORIGINS only', async () => {
    const from = (origin: string) => post(LEARNER_QUERY, { cookie: learnerCookie, origin });
    expect((await from(MFE)).json.errors).toBeUndefined();
    expect((await from(base)).json.errors).toBeUndefined();
    const refused = await from(OTHER);
    expect(refused.response.status).toBe(403);
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.json.errors?.[0]?.message).toContain('CORS_ORIGINS');
  });

  it('needs X-CSRFToken for mutations, not for queries', async () => {
    const bare = await post(UPSERT, { cookie: adminCookie, origin: MFE });
    expect(bare.response.status).toBe(403);
    expect(bare.code).toBe('FORBIDDEN');
    expect(bare.json.errors?.[0]?.message).toMatch(/x-csrftoken/i);
    const csrf = await fetch(`${base}/csrf/api/v1/token`, { headers: { cookie: adminCookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    expect(csrfToken).toMatch(/^[\w-]{20,}$/);
    const withHeader = await post(UPSERT, {
      cookie: adminCookie,
      origin: MFE,
      'x-csrftoken': csrfToken,
    });
    expect(withHeader.json.errors).toBeUndefined();
    expect(withHeader.json.data).toEqual({ upsertLearner: { id: 'cookie-1' } });
    // A bearer token needs no CSRF header: no browser sends it on its own.
    const bearer = await post(UPSERT, { authorization: `Bearer ${app.adminToken}` });
    expect(bearer.json.errors).toBeUndefined();
  });

  it('opens a graphql-ws connection from a trusted origin, not from another', async () => {
    const open = (origin: string) =>
      new Promise<{ code: number; reason: string; acked: boolean }>((resolve) => {
        const socket = new WebSocket(wsUrl(app.laurel.url), 'graphql-transport-ws', {
          headers: { cookie: learnerCookie, origin },
        });
        let acked = false;
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
        socket.on('message', (data) => {
          if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') {
            acked = true;
            socket.close(1000);
          }
        });
        socket.on('close', (code, reason) => resolve({ code, reason: String(reason), acked }));
      });
    expect(await open(MFE)).toMatchObject({ acked: true });
    const refused = await open(OTHER);
    expect(refused).toMatchObject({ acked: false, code: 4403 });
    expect(refused.reason).toContain('CORS_ORIGINS');
  });
});

describe('CORS', () => {
  const preflight = (origin: string, path = '/graphql') =>
    fetch(`${base}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-csrftoken, use-jwt-cookie',
      },
    });

  it('answers preflights of CORS_ORIGINS with credentials, cached; refuses others', async () => {
    const allowed = await preflight(MFE);
    expect(allowed.status).toBe(204);
    expect(Object.fromEntries(allowed.headers)).toMatchObject({
      'access-control-allow-origin': MFE,
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '7200',
      vary: 'Origin',
    });
    const allowHeaders = allowed.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowHeaders).toEqual(
      expect.arrayContaining(['content-type', 'x-csrftoken', 'use-jwt-cookie', 'authorization']),
    );
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');

    const refused = await preflight(OTHER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('marks answers to CORS_ORIGINS on every route, and no others', async () => {
    const fromMfe = await post(LEARNER_QUERY, { origin: MFE, cookie: learnerCookie });
    expect(fromMfe.response.headers.get('access-control-allow-origin')).toBe(MFE);
    expect(fromMfe.response.headers.get('access-control-allow-credentials')).toBe('true');
    const health = await fetch(`${base}/healthz`, { headers: { origin: MFE } });
    expect(health.headers.get('access-control-allow-origin')).toBe(MFE);
    const fromOther = await fetch(`${base}/healthz`, { headers: { origin: OTHER } });
    expect(fromOther.headers.get('access-control-allow-origin')).toBeNull();
    expect(fromOther.headers.get('vary')).toContain('Origin');
  });

  it('is off without CORS_ORIGINS, and the variable takes exact origins only', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example.org,http://b.test:8080' }).corsOrigins,
    ).toEqual(['https://a.example.org', 'http://b.test:8080']);
    for (const bad of [
      'https://a.example.org/',
      'https://a.example.org/mfe',
      '*',
      'a.example.org',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });
});

describe('GET /widget/laurel-progress.js', () => {
  it('serves the bundle as a gzipped ES module that any page may load, with an ETag', async () => {
    const response = await fetch(`${base}/widget/laurel-progress.js`, {
      headers: { origin: OTHER, 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'gzip',
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const source = await response.text();
    expect(source).toContain('laurel-progress');
    expect(source).toMatch(/customElements\.define/);
    const again = await fetch(`${base}/widget/laurel-progress.js`, {
      headers: { 'if-none-match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });
});
