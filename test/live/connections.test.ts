import net from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { issueToken } from '../../src/server/auth/issue-token';
import { CredentialEventsDocument } from '../operations/generated';
import Redis from 'ioredis';
import { RedisConnectionLimits } from '../../src/server/connection-limits';
import { createLogger } from '../../src/shared/logger';
import { startTestApp, type TestApp } from '../support/app';
import { SHARED_REDIS_URL, uniquePrefix } from '../support/redis';
import { bearer, connect, type LiveClient, until, watch, wsUrl } from '../support/ws';

/** The connection itself: auth close codes, token expiry, limits, keep-alive, shutdown. */
let app: TestApp;
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp({
    WS_MAX_CONNECTIONS_PER_PRINCIPAL: '2',
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    WS_KEEPALIVE_SECONDS: '1',
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});
afterAll(() => app.stop());

const PER_PRINCIPAL_REASON =
  'Forbidden: at most 2 connections per user or role (WS_MAX_CONNECTIONS_PER_PRINCIPAL)';

function open(authorization: string | null, params?: Record<string, unknown>): LiveClient {
  const client = connect(app.laurel.url, authorization, params);
  clients.push(client);
  return client;
}

describe('authentication', () => {
  it.each([
    ['no token', null, /^Unauthorized: send "Bearer <token>" in connectionParams\.authorization$/],
    ['a malformed token', 'Bearer not-a-jwt', /^Unauthorized: The token is malformed$/],
    ['no scheme', 'eyJhbGciOi', /^Unauthorized: Authorization must be "Bearer <token>"/],
    [
      'a token signed with another secret',
      async () => bearer(await issueToken('x'.repeat(40), { subject: 'ann' })),
      /^Unauthorized: The token could not be verified$/,
    ],
    [
      'an expired token',
      async () => bearer(await app.token({ subject: 'ann', ttlSeconds: -5 })),
      /^Unauthorized: The token has expired$/,
    ],
  ])('%s closes with 4401 and the reason', async (_case, authorization, reason) => {
    const value = typeof authorization === 'function' ? await authorization() : authorization;
    const closed = await open(value).closed;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(reason);
  });

  it('a token that names no learner and no role closes with 4403', async () => {
    const closed = await open(bearer(await app.token({ ingest: true }))).closed;
    expect(closed).toEqual({
      code: 4403,
      reason: 'Forbidden: this token names no learner and no role',
    });
  });

  it('accepts the token in the upgrade request header too', async () => {
    const token = await app.token({ subject: 'ann' });
    const socket = new WebSocket(wsUrl(app.laurel.url), 'graphql-transport-ws', {
      headers: { authorization: bearer(token) },
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    const message = await new Promise<WebSocket.RawData>((resolve) =>
      socket.once('message', (data) => resolve(data)),
    );
    expect(JSON.parse(message.toString())).toEqual({ type: 'connection_ack' });
    socket.close();
  });

  it('ends the connection, and its subscriptions, when the token expires', async () => {
    const client = open(bearer(await app.token({ subject: 'eve', ttlSeconds: 2 })));
    await client.connected;
    const before = app.laurel.live.credentials.size;
    const watching = watch(client, CredentialEventsDocument, {});
    await until(() => app.laurel.live.credentials.size === before + 1, 'the watch to open');
    const closed = await client.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: The token has expired' });
    await watching.ended;
    await until(() => app.laurel.live.credentials.size === before, 'the watch to end');
  });
});

describe('operations over the socket', () => {
  it('runs queries with the same schema, auth and error codes as HTTP', async () => {
    const client = open(bearer(await app.token({ subject: 'reader' })));
    const run = (query: string, variables?: Record<string, unknown>) =>
      new Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }>(
        (resolve) => {
          let result: object | undefined;
          client.client.subscribe(
            { query, variables },
            {
              next: (value) => {
                result = value;
              },
              error: (errors) => resolve({ errors: errors as never }),
              complete: () => resolve(result ?? {}),
            },
          );
        },
      );
    expect(await run('{ courses { totalCount } }')).toEqual({
      data: { courses: { totalCount: 0 } },
    });
    const invalid = await run('{ courses { nope } }');
    expect(invalid.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const unparsable = await run('{ courses {');
    expect(unparsable.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const badVariable = await run('query ($n: Int) { courses(first: $n) { totalCount } }', {
      n: 'many',
    });
    expect(badVariable.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const nul = await run('query ($id: ID!) { course(id: $id) { id } }', { id: 'c\u0000' });
    expect(nul.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'id'],
    ]);
    const forbidden = await run('mutation { upsertLearner(input: { id: "x", name: "X" }) { id } }');
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('limits', () => {
  it('a learner may hold WS_MAX_CONNECTIONS_PER_PRINCIPAL connections; one more is refused', async () => {
    const token = bearer(await app.token({ subject: 'max' }));
    const first = open(token);
    const second = open(token);
    await Promise.all([first.connected, second.connected]);
    const third = await open(token).closed;
    expect(third).toEqual({ code: 4403, reason: PER_PRINCIPAL_REASON });
    // Another learner is not affected, and a closed connection frees its place.
    await open(bearer(await app.token({ subject: 'other' }))).connected;
    await first.dispose();
    // The server counts the close once it has processed it: try until it has.
    for (let attempt = 1; ; attempt += 1) {
      const replacement = open(token);
      const outcome = await replacement.connected.then(
        () => 'connected',
        () => 'refused',
      );
      if (outcome === 'connected') break;
      expect(attempt).toBeLessThan(20);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it.each([
    ['staff with a subject', { subject: 'teacher', staffCourses: ['course-v1:Cap+C+1'] }],
    ['staff without a subject (counted by its roles)', { staffPaths: ['path-v1:Cap+P+1+A'] }],
    ['an admin', { subject: 'root', admin: true }],
  ])('%s is capped too', async (_who, request) => {
    const token = bearer(await app.token(request));
    await Promise.all([open(token).connected, open(token).connected]);
    expect(await open(token).closed).toEqual({ code: 4403, reason: PER_PRINCIPAL_REASON });
  });

  it('a connection runs at most WS_MAX_SUBSCRIPTIONS_PER_CONNECTION operations', async () => {
    const client = open(bearer(app.adminToken));
    await client.connected;
    const before = app.laurel.live.credentials.size;
    const running = [
      watch(client, CredentialEventsDocument),
      watch(client, CredentialEventsDocument),
    ];
    await until(() => app.laurel.live.credentials.size === before + 2, 'two watches');
    const third = await watch(client, CredentialEventsDocument).nextResult();
    expect(third.errors).toEqual([
      expect.objectContaining({
        message: 'At most 2 operations may run on one connection',
        extensions: { code: 'RATE_LIMITED' },
      }),
    ]);
    running[0].stop();
    await until(() => app.laurel.live.credentials.size === before + 1, 'one watch to end');
    watch(client, CredentialEventsDocument);
    await until(() => app.laurel.live.credentials.size === before + 2, 'a new watch');
  });
});

describe('keep-alive', () => {
  it('pings every WS_KEEPALIVE_SECONDS and drops a client that does not answer', async () => {
    const token = await app.token({ subject: 'mute' });
    const mute = new WebSocket(wsUrl(app.laurel.url), 'graphql-transport-ws', { autoPong: false });
    const pings: number[] = [];
    mute.on('ping', () => pings.push(Date.now()));
    await new Promise((resolve) => mute.once('open', resolve));
    mute.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(token) } }),
    );
    const code = await new Promise<number>((resolve) => mute.once('close', resolve));
    expect(pings.length).toBeGreaterThanOrEqual(1);
    expect(code).toBe(1006); // terminated: no close frame for a dead peer

    // A client that answers stays connected across several pings.
    const alive = open(bearer(await app.token({ subject: 'alive' })));
    await alive.connected;
    const outcome = await Promise.race([
      alive.closed,
      new Promise((resolve) => setTimeout(() => resolve('still open'), 3500)),
    ]);
    expect(outcome).toBe('still open');
  });
});

/** Opens a WebSocket by hand and never answers anything: a peer that hangs. */
async function hangingPeer(httpUrl: string, authorization: string) {
  const url = new URL(wsUrl(httpUrl));
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  await until(() => received.includes('\r\n\r\n'), 'the upgrade response');
  expect(received.toString()).toMatch(/^HTTP\/1\.1 101/);
  // One masked text frame: connection_init with the token.
  const payload = Buffer.from(
    JSON.stringify({ type: 'connection_init', payload: { authorization } }),
  );
  const mask = randomBytes(4);
  const header = Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  socket.write(Buffer.concat([header, mask, masked]));
  await until(() => received.includes('connection_ack'), 'the ack');
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { received: () => received, ended };
}

describe('shutdown', () => {
  it('sends every subscriber a close frame (1001) and drops peers that do not answer it', async () => {
    const own = await startTestApp();
    let stopped: Promise<void> | null = null;
    try {
      const subscriber = connect(own.laurel.url, bearer(own.adminToken));
      await subscriber.connected;
      const watching = watch(subscriber, CredentialEventsDocument);
      await until(() => own.laurel.live.credentials.size === 1, 'the watch');
      const hanging = await hangingPeer(own.laurel.url, bearer(own.adminToken));

      const started = Date.now();
      stopped = own.stop();
      expect(await subscriber.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
      await watching.ended;
      await hanging.ended;
      // The hanging peer got the close frame too: 0x88, then the code 1001 (0x03e9).
      expect(hanging.received().includes(Buffer.from([0x03, 0xe9, ...Buffer.from('Server')]))).toBe(
        true,
      );
      await stopped;
      expect(Date.now() - started).toBeLessThan(8000);
      expect(own.laurel.live.credentials.size).toBe(0);
    } finally {
      await (stopped ?? own.stop());
    }
  });
});

/** Opens until one connection is admitted again (the server counts a close once it has seen it). */
async function admittedSoon(connectOnce: () => LiveClient): Promise<LiveClient> {
  for (let attempt = 1; ; attempt += 1) {
    const client = connectOnce();
    const outcome = await client.connected.then(
      () => 'connected',
      () => 'refused',
    );
    if (outcome === 'connected') return client;
    expect(attempt).toBeLessThan(30);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('WS_MAX_CONNECTIONS', () => {
  it('caps the connections of everybody together on one process', async () => {
    const own = await startTestApp({ WS_MAX_CONNECTIONS: '3' });
    const mine: LiveClient[] = [];
    const openOwn = (token: string) => {
      const client = connect(own.laurel.url, bearer(token));
      mine.push(client);
      return client;
    };
    try {
      const tokens = await Promise.all(
        ['a', 'b', 'c', 'd'].map((subject) => own.token({ subject })),
      );
      await Promise.all(tokens.slice(0, 3).map((token) => openOwn(token).connected));
      expect(await openOwn(tokens[3]).closed).toEqual({
        code: 4403,
        reason: 'Forbidden: the server holds its maximum of 3 connections (WS_MAX_CONNECTIONS)',
      });
      await mine[0].dispose();
      await admittedSoon(() => openOwn(tokens[3]));
    } finally {
      await Promise.all(mine.map((client) => client.dispose()));
      await own.stop();
    }
  });
});

describe('connection counts in Redis', () => {
  it('two instances sharing Redis share both limits', async () => {
    const env = {
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_CHANNEL_PREFIX: uniquePrefix('connections'),
      WS_MAX_CONNECTIONS_PER_PRINCIPAL: '2',
      WS_MAX_CONNECTIONS: '3',
    };
    const first = await startTestApp(env);
    const second = await startTestApp(env, { databaseUrl: first.databaseUrl });
    const mine: LiveClient[] = [];
    const openOn = (instance: TestApp, token: string) => {
      const client = connect(instance.laurel.url, bearer(token));
      mine.push(client);
      return client;
    };
    try {
      const staff = await first.token({ subject: 'staff-1', staffCourses: ['course-v1:R+C+1'] });
      const other = await first.token({ subject: 'other' });
      const third = await first.token({ subject: 'third' });
      const held = openOn(first, staff);
      await held.connected;
      await openOn(second, staff).connected;
      // Each instance holds one: the principal's third place is refused on either.
      expect(await openOn(first, staff).closed).toEqual({
        code: 4403,
        reason: PER_PRINCIPAL_REASON,
      });
      expect((await openOn(second, staff).closed).code).toBe(4403);
      // Three in all across both instances: a fourth principal is refused too.
      await openOn(second, other).connected;
      expect(await openOn(first, third).closed).toEqual({
        code: 4403,
        reason: 'Forbidden: the server holds its maximum of 3 connections (WS_MAX_CONNECTIONS)',
      });
      // A close on one instance frees a place on the other.
      await held.dispose();
      await admittedSoon(() => openOn(second, third));
    } finally {
      await Promise.all(mine.map((client) => client.dispose()));
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it("a process that stops beating (a crash) has its counts expire; a closed one's go at once", async () => {
    const prefix = uniquePrefix('connection-ttl');
    const settings = { maxPerPrincipal: 1, maxTotal: 100 };
    const logger = createLogger('silent');
    const crashingRedis = new Redis(SHARED_REDIS_URL);
    const crashing = new RedisConnectionLimits(crashingRedis, prefix, settings, logger, 600);
    const survivor = new RedisConnectionLimits(
      new Redis(SHARED_REDIS_URL),
      prefix,
      settings,
      logger,
      600,
    );
    try {
      expect((await crashing.admit('subject:x')).admitted).toBe(true);
      expect(await survivor.admit('subject:x')).toEqual({
        admitted: false,
        reason: 'at most 1 connections per user or role (WS_MAX_CONNECTIONS_PER_PRINCIPAL)',
      });
      // Its Redis connection gone, the crashed process renews nothing.
      crashingRedis.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 900));
      const admitted = await survivor.admit('subject:x');
      expect(admitted.admitted).toBe(true);

      const closing = new RedisConnectionLimits(
        new Redis(SHARED_REDIS_URL),
        prefix,
        settings,
        logger,
      );
      expect((await closing.admit('subject:y')).admitted).toBe(true);
      await closing.close();
      expect((await survivor.admit('subject:y')).admitted).toBe(true);
    } finally {
      await Promise.all([crashing.close(), survivor.close()]);
    }
  });
});
