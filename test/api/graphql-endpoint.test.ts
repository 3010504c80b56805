import http from 'node:http';
import { servesDirectly } from '../../src/server/graphql-endpoint';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Plain JSON POSTs to /graphql are served without express (src/server/graphql-endpoint.ts);
 * every other request to /graphql goes through express. Both must answer alike: each case is
 * sent once as `application/json` (served directly) and once with a content type that only
 * express serves (`application/json; profile=x`), and the answers must be the same.
 */
jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ MAX_BODY_BYTES: '2048', MAX_BATCH_OPERATIONS: '2' });
});
afterAll(async () => {
  await app?.stop();
});

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}

/** A raw request (fetch cannot send a body longer than its Content-Length says, or stream). */
function send(
  contentType: string,
  body: string | string[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(app.laurel.url);
  return new Promise((resolve, reject) => {
    const chunks = Array.isArray(body) ? body : [body];
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': contentType,
          authorization: `Bearer ${app.adminToken}`,
          ...(Array.isArray(body) ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
            headers: {
              'content-type': response.headers['content-type'],
              'retry-after': response.headers['retry-after'] as string | undefined,
              'x-request-id': response.headers['x-request-id'] as string | undefined,
            },
          });
        });
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const DIRECT = 'application/json';
const THROUGH_EXPRESS = 'application/json; profile=x';

const cases: [string, string | string[]][] = [
  ['a query', JSON.stringify({ query: '{ __typename }' })],
  [
    'a query with variables',
    JSON.stringify({
      query: 'query ($id: ID!) { course(id: $id) { id } }',
      variables: { id: 'nope' },
    }),
  ],
  [
    'a batch within the limit',
    JSON.stringify([{ query: '{ __typename }' }, { query: '{ a: __typename }' }]),
  ],
  [
    'a batch over MAX_BATCH_OPERATIONS',
    JSON.stringify([1, 2, 3].map(() => ({ query: '{ __typename }' }))),
  ],
  ['a body over MAX_BODY_BYTES', JSON.stringify({ query: `{ __typename } # ${'x'.repeat(3000)}` })],
  [
    'a body over MAX_BODY_BYTES sent in chunks',
    ['{"query":"{ __typename }', ...Array(10).fill(' '.repeat(300)), '"}'],
  ],
  ['a body that is not JSON', '{"query": '],
  ['a JSON string, not an object', '"{ __typename }"'],
  ['an empty body', ''],
  ['a whitespace-only body', '   '],
  ['a GraphQL syntax error', JSON.stringify({ query: '{ __typename' })],
  ['an unknown field', JSON.stringify({ query: '{ nothingHere }' })],
  ['no query', JSON.stringify({ variables: {} })],
];

describe.each(cases)('%s', (_name, body) => {
  it('is answered the same with and without express', async () => {
    const direct = await send(DIRECT, body);
    const throughExpress = await send(THROUGH_EXPRESS, body);
    expect({ ...direct, headers: { ...direct.headers, 'x-request-id': 'id' } }).toEqual({
      ...throughExpress,
      headers: { ...throughExpress.headers, 'x-request-id': 'id' },
    });
    expect(direct.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

it('answers the documented statuses on the direct route', async () => {
  expect((await send(DIRECT, JSON.stringify({ query: '{ __typename }' }))).body).toEqual({
    data: { __typename: 'Query' },
  });
  const tooBig = await send(DIRECT, ['{"query":"', 'x'.repeat(4000), '"}']);
  expect(tooBig.status).toBe(413);
  expect(JSON.stringify(tooBig.body)).toContain('MAX_BODY_BYTES');
  expect((await send(DIRECT, '{"query": ')).status).toBe(400);
  const batch = await send(DIRECT, JSON.stringify([1, 2, 3].map(() => ({ query: '{ a }' }))));
  expect(batch.status).toBe(400);
  expect(JSON.stringify(batch.body)).toContain('MAX_BATCH_OPERATIONS');
});

it('keeps the caller request id on the direct route', async () => {
  const answer = await send(DIRECT, JSON.stringify({ query: '{ __typename }' }), {
    'x-request-id': 'caller-id-1',
  });
  expect(answer.headers['x-request-id']).toBe('caller-id-1');
});

it('leaves compressed bodies, other charsets and other methods to express', () => {
  const request = (method: string, url: string, headers: Record<string, string>) =>
    ({ method, url, headers }) as unknown as http.IncomingMessage;
  expect(servesDirectly(request('POST', '/graphql', { 'content-type': 'application/json' }))).toBe(
    true,
  );
  expect(
    servesDirectly(
      request('POST', '/graphql?x=1', { 'content-type': 'application/json; charset=UTF-8' }),
    ),
  ).toBe(true);
  expect(
    servesDirectly(
      request('POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }),
    ),
  ).toBe(false);
  expect(
    servesDirectly(
      request('POST', '/graphql', {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      }),
    ),
  ).toBe(false);
  expect(servesDirectly(request('GET', '/graphql', { 'content-type': 'application/json' }))).toBe(
    false,
  );
  expect(servesDirectly(request('POST', '/graphqlx', { 'content-type': 'application/json' }))).toBe(
    false,
  );
  expect(servesDirectly(request('POST', '/graphql', { 'content-type': 'text/plain' }))).toBe(false);
});

it('answers a gzip body through express as before', async () => {
  const { gzipSync } = await import('node:zlib');
  const body = gzipSync(JSON.stringify({ query: '{ __typename }' }));
  const response = await fetch(app.laurel.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      authorization: `Bearer ${app.adminToken}`,
    },
    body,
  });
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
});
