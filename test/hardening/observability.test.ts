import {
  CredentialEventsDocument,
  LearnerProgressDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import {
  courseWithConfiguration,
  eventually,
  FAST_JOBS,
  progress,
  reaches,
} from '../issuance/helpers';
import { ok, query } from '../progress/helpers';
import { createLogger } from '../../src/shared/logger';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';
import { bearer, connect, watch } from '../support/ws';

/**
 * Prometheus metrics at /metrics, request ids and W3C trace context in responses and logs,
 * and logs that never hold a token or a full learner e-mail address.
 */
const logs = captureLogs();
let app: TestApp;
const EMAIL = 'ada.lovelace@example.org';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

beforeAll(async () => {
  app = await startTestApp({ ...FAST_JOBS, LOG_LEVEL: 'trace' }, { logs: logs.stream });
});
afterAll(() => app.stop());

const site = () => app.laurel.url.replace(/\/graphql$/, '');
const metricsText = async () => (await fetch(`${site()}/metrics`)).text();

it('counts operations by name, generations by outcome and render time, at /metrics', async () => {
  const course = await courseWithConfiguration(app, ['obs-1']);
  await ok(
    app.gql(
      UpsertLearnerDocument,
      { input: { id: 'obs-1', name: 'Ada', email: EMAIL } },
      app.adminToken,
    ),
  );
  await progress(app, course, ['obs-1'], 10);
  const [row] = await query<{ id: string }>(
    app,
    `select id from credential where learner_id = 'obs-1'`,
  );
  const issued = await reaches(app, row!.id, 'AVAILABLE');
  // Both ids are random UUIDv4 (122 random bits), unrelated to each other.
  const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  expect(issued.id).toMatch(v4);
  expect(issued.verificationId).toMatch(v4);
  expect(issued.verificationId).not.toBe(issued.id);
  const learner = await app.token({ subject: 'obs-1' });
  for (let i = 0; i < 3; i++) {
    await ok(app.gql(LearnerProgressDocument, { courseId: course.courseId }, learner));
  }

  const response = await fetch(`${site()}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(text).toMatch(
    /laurel_graphql_requests_total\{operation="LearnerProgress",type="query",outcome="ok"\} 3/,
  );
  expect(text).toMatch(
    /laurel_graphql_request_duration_seconds_count\{operation="LearnerProgress",type="query"\} 3/,
  );
  expect(text).toMatch(
    /laurel_graphql_requests_total\{operation="RecordProgress",type="mutation",outcome="ok"\} 1/,
  );
  expect(text).toMatch(/laurel_credential_generations_total\{outcome="available"\} 1/);
  expect(text).toMatch(/laurel_pdf_render_duration_seconds_count 1/);
  expect(text).toMatch(
    /laurel_http_request_duration_seconds_count\{route="\/graphql",method="POST",status="200"\} \d+/,
  );
  expect(text).toMatch(/^laurel_active_subscriptions\{feed="credentialEvents"\} 0$/m);
  expect(text).toContain('# TYPE laurel_job_queue_depth gauge');
  expect(text).toMatch(/laurel_process_resident_memory_bytes \d+/);
});

it('counts the open subscriptions of each feed', async () => {
  const gauge = async (feed: string) =>
    Number(
      new RegExp(`^laurel_active_subscriptions\\{feed="${feed}"\\} (\\d+)$`, 'm').exec(
        await metricsText(),
      )?.[1],
    );
  const live = connect(app.laurel.url, bearer(app.adminToken));
  await live.connected;
  const watching = watch(live, CredentialEventsDocument, {});
  const counted = async (n: number) => ((await gauge('credentialEvents')) === n ? n : undefined);
  await eventually(() => counted(1), 5000, 'the subscription counted');
  expect(await gauge('progressChanged')).toBe(0);
  watching.stop();
  await eventually(() => counted(0), 5000, 'the subscription ended');
  await live.dispose();
});

it('reports the job queue depth of jobs not yet worked', async () => {
  const api = await startTestApp({ LAUREL_ROLE: 'api', ...FAST_JOBS });
  try {
    const course = await courseWithConfiguration(api, ['q-1', 'q-2']);
    await progress(api, course, ['q-1', 'q-2'], 10);
    const text = await (await fetch(`${api.laurel.url.replace(/\/graphql$/, '')}/metrics`)).text();
    expect(text).toMatch(/laurel_job_queue_depth\{queue="credential.generate",state="created"\} 2/);
  } finally {
    await api.stop();
  }
});

it('echoes the caller’s x-request-id, or makes one, and passes trace context into the logs', async () => {
  const given = await fetch(app.laurel.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': 'gateway-req-42',
      traceparent: TRACEPARENT,
      tracestate: 'vendor=abc',
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(given.headers.get('x-request-id')).toBe('gateway-req-42');
  expect(given.headers.get('traceparent')).toBe(TRACEPARENT);
  expect(given.headers.get('tracestate')).toBe('vendor=abc');

  const made = await fetch(`${site()}/healthz`, {
    headers: { 'x-request-id': 'bad id with spaces and ' + 'x'.repeat(200) },
  });
  expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const bogusTrace = await fetch(`${site()}/healthz`, { headers: { traceparent: '00-0000-bad' } });
  expect(bogusTrace.headers.get('traceparent')).toBeNull();

  const record = await eventually(
    async () =>
      logs.records().find((r) => r.requestId === 'gateway-req-42' && r.msg === 'request finished'),
    5000,
    'the request log line',
  );
  expect(record).toMatchObject({
    traceId: TRACE_ID,
    parentSpanId: '00f067aa0ba902b7',
    route: '/graphql',
  });
});

it('never writes a token or a full learner e-mail to the logs', async () => {
  const tokens = [app.adminToken, app.ingestToken, await app.token({ subject: 'obs-1' })];
  // A bad token is logged nowhere either, and neither is one sent to a public page.
  await app.raw({ query: '{ courses { totalCount } }' }, { authorization: `Bearer ${tokens[2]}x` });
  await fetch(`${site()}/verify/nope`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  await metricsText();
  const text = logs.text();
  expect(logs.lines.length).toBeGreaterThan(10);
  for (const token of tokens) expect(text).not.toContain(token.split('.')[2]);
  expect(text).not.toContain(EMAIL);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
});

it('scrubs tokens and e-mails wherever they appear in a log record', () => {
  const captured = captureLogs();
  const logger = createLogger('info', captured.stream);
  const token = tokensLike();
  logger.info(
    {
      req: { headers: { authorization: `Bearer ${token}` } },
      learner: { email: EMAIL },
      note: `for ${EMAIL}`,
    },
    `sent ${token} to ${EMAIL}`,
  );
  logger.error({ err: new Error(`duplicate key (email)=(${EMAIL}) token ${token}`) }, 'failed');
  const text = captured.text();
  expect(text).not.toContain(EMAIL);
  expect(text).not.toContain(token);
  expect(text).toContain('a***@example.org');
  expect(captured.records()[1]).toMatchObject({
    err: { message: expect.stringContaining('[redacted]') },
  });
});

function tokensLike(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'x', exp: 1 })}.c2lnbmF0dXJlLWJ5dGVz`;
}
