import { startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';

/**
 * Malformed requests on every route: a clean 4xx in the route's own format (HTML on /verify,
 * JSON elsewhere), no stack, no absolute path, and nothing logged above `info`.
 */
jest.setTimeout(60_000);

const apiLogs = captureLogs();
const workerLogs = captureLogs();
let api: TestApp;
let worker: TestApp;

beforeAll(async () => {
  [api, worker] = await Promise.all([
    startTestApp({ LOG_LEVEL: 'trace', VERIFY_RATE_LIMIT: '0' }, { logs: apiLogs.stream }),
    startTestApp({ LOG_LEVEL: 'trace', LAUREL_ROLE: 'worker' }, { logs: workerLogs.stream }),
  ]);
});
afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
});

const apiSite = () => api.laurel.url.replace(/\/graphql$/, '');
/** Log records above info (warn = 40, error = 50). */
const loud = (logs: ReturnType<typeof captureLogs>) =>
  logs.records().filter((record) => Number(record.level) > 30);

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
  html?: boolean;
}

/** Read when a case runs: the token exists only once the app is up. */
const ADMIN = { authorization: 'ADMIN' };
const withToken = (init: RequestInit | undefined): RequestInit | undefined => {
  const headers = init?.headers as Record<string, string> | undefined;
  if (headers?.authorization !== 'ADMIN') return init;
  return { ...init, headers: { ...headers, authorization: `Bearer ${api.adminToken}` } };
};

const apiCases = (): Case[] => [
  { name: 'a malformed escape on /verify', path: '/verify/%ZZ', status: 404, html: true },
  { name: 'a malformed escape on /verify/…/pdf', path: '/verify/%ZZ/pdf', status: 404, html: true },
  {
    name: 'a malformed escape on a credential PDF',
    path: '/credentials/%ZZ/pdf',
    init: { headers: ADMIN },
    status: 400,
  },
  {
    name: 'a malformed escape on an asset upload',
    path: '/assets/%ZZ',
    init: { method: 'PUT', headers: ADMIN, body: 'x' },
    status: 400,
  },
  { name: 'an unknown route', path: '/nowhere', status: 404 },
  { name: 'a malformed escape on an unknown route', path: '/nowhere/%ZZ', status: 404 },
  {
    name: 'malformed JSON on /graphql',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' },
    status: 400,
  },
  {
    name: 'a text body on /graphql',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' },
    status: 415,
  },
  {
    name: 'no content type on /graphql',
    path: '/graphql',
    init: { method: 'POST', body: '{"query":"{ __typename }"}' },
    status: 415,
  },
  {
    name: 'an unknown charset on /graphql',
    path: '/graphql',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=ebcdic' },
      body: '{}',
    },
    status: 415,
  },
  {
    name: 'a body over MAX_BODY_BYTES on /graphql',
    path: '/graphql',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'x'.repeat(5_000_000) }),
    },
    status: 413,
  },
];

const workerCases = (): Case[] => [
  { name: 'an unknown route', path: '/graphql', status: 404 },
  { name: 'a malformed escape', path: '/healthz/%ZZ', status: 404 },
  {
    name: 'malformed JSON',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' },
    status: 404,
  },
];

function expectClean(text: string): void {
  expect(text).not.toMatch(/ at |node_modules|\/work\/|\/src\/|\/dist\/|URIError|stack/i);
}

describe('api process', () => {
  it.each(apiCases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    apiLogs.lines.length = 0;
    const response = await fetch(`${apiSite()}${c.path}`, withToken(c.init));
    const text = await response.text();
    expect(response.status).toBe(c.status);
    expectClean(text);
    if (c.html) {
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    } else {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(text) as {
        error?: { code: string };
        errors?: { extensions: { code: string } }[];
      };
      expect(body.error?.code ?? body.errors?.[0]?.extensions.code).toMatch(/^[A-Z_]+$/);
    }
    expect(loud(apiLogs)).toEqual([]);
  });
});

describe('worker process', () => {
  it.each(workerCases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    workerLogs.lines.length = 0;
    const response = await fetch(`${worker.laurel.url}${c.path}`, c.init);
    const text = await response.text();
    expect(response.status).toBe(c.status);
    expectClean(text);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(loud(workerLogs)).toEqual([]);
  });
});
