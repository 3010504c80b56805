import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import vm from 'node:vm';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RedeliverWebhookDocument,
  RevokeCredentialDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
} from '../operations/generated';
import {
  courseWithConfiguration,
  eventually,
  FAST_JOBS,
  progress,
  reaches,
} from '../issuance/helpers';
import { ok, query } from '../progress/helpers';
import { openOrm } from '../../src/db/orm';
import { credentialEventOutbox } from '../../src/modules/notifications';
import { startTestApp, type TestApp } from '../support/app';
import {
  startWebhookReceiver,
  type ReceivedHook,
  type WebhookReceiver,
} from '../support/webhook-receiver';

/** Signed webhooks to a real receiver: retried with backoff, delivered once, logged, redelivered. */
let app: TestApp;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  app = await startTestApp({
    ...FAST_JOBS,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_DELAY_SECONDS: '1',
    WEBHOOK_RETRY_LIMIT: '4',
  });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await receiver?.stop();
});

/** Standard Webhooks, recomputed here with node:crypto alone. */
function signatureOf(secret: string, hook: ReceivedHook): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${String(hook.headers['webhook-id'])}.${String(hook.headers['webhook-timestamp'])}.${hook.body}`;
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

/** The verification snippet of docs/notifications.md, run as a reader would paste it. */
async function docsVerifier(): Promise<
  (secret: string, headers: Record<string, unknown>, body: string, tolerance?: number) => boolean
> {
  const text = await fs.readFile('docs/notifications.md', 'utf8');
  const code =
    /<!-- verify-webhook:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-webhook:end -->/.exec(
      text,
    )?.[1];
  if (!code) throw new Error('docs/notifications.md has no verify-webhook block');
  const module = { exports: {} as { verifyWebhook?: never } };
  vm.runInNewContext(code, { require, module, Buffer, Date, Math, Number });
  return module.exports.verifyWebhook!;
}

const hooksTo = (path: string) => receiver.received.filter((hook) => hook.path === path);

async function register(path: string, events?: ('ISSUED' | 'REVOKED')[]) {
  const data = await ok(
    app.gql(
      CreateWebhookEndpointDocument,
      { url: `${receiver.url}${path}`, events, description: `receiver ${path}` },
      app.adminToken,
    ),
  );
  return data.createWebhookEndpoint;
}

it('delivers an event once to a receiver that fails twice, signed, with three attempts logged', async () => {
  receiver.on('/flaky', [500, 503, 204]);
  receiver.on('/revocations', [200]);
  const flaky = await register('/flaky', ['ISSUED']);
  const revocations = await register('/revocations', ['REVOKED']);
  expect(flaky.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(flaky.endpoint).toMatchObject({ url: `${receiver.url}/flaky`, events: ['ISSUED'] });

  const course = await courseWithConfiguration(app, ['hook-1']);
  await progress(app, course, ['hook-1'], 9);
  const [{ id }] = await query<{ id: string }>(
    app,
    'select id from credential where learner_id = $1',
    ['hook-1'],
  );
  const credential = await reaches(app, id, 'AVAILABLE');

  const [delivery] = await eventually(
    async () => {
      const { webhookDeliveries } = await ok(
        app.gql(WebhookDeliveriesDocument, { endpointId: flaky.endpoint.id }, app.adminToken),
      );
      return webhookDeliveries[0]?.status === 'DELIVERED' ? webhookDeliveries : undefined;
    },
    30_000,
    'the delivery to be accepted',
  );
  const hooks = hooksTo('/flaky');
  expect(hooks.map((hook) => hook.answered)).toEqual([500, 503, 204]);
  expect(delivery).toMatchObject({
    eventType: 'ISSUED',
    credentialId: id,
    attemptCount: 3,
    messageId: hooks[0].headers['webhook-id'],
  });
  expect(delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
    [1, 500, 'HTTP 500'],
    [2, 503, 'HTTP 503'],
    [3, 204, null],
  ]);
  expect(delivery.attempts[0].response).toBe('no: 500');

  const verify = await docsVerifier();
  for (const hook of hooks) {
    expect(hook.headers['webhook-id']).toBe(delivery.messageId);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.body).toBe(delivery.body);
    expect(hook.headers['webhook-signature']).toBe(signatureOf(flaky.secret, hook));
    expect(verify(flaky.secret, hook.headers, hook.body)).toBe(true);
    expect(verify(flaky.secret, hook.headers, hook.body.replace('ISSUED', 'REVOKED'))).toBe(false);
    expect(verify(revocations.secret, hook.headers, hook.body)).toBe(false);
  }
  expect(
    verify(flaky.secret, { ...hooks[0].headers, 'webhook-timestamp': '1700000000' }, hooks[0].body),
  ).toBe(false);
  expect(JSON.parse(hooks[0].body)).toEqual({
    type: 'credential.issued',
    timestamp: expect.any(String),
    data: {
      eventType: 'ISSUED',
      credentialId: id,
      verificationId: credential.verificationId,
      verificationUrl: credential.verificationUrl,
      learnerId: 'hook-1',
      configurationId: course.configurationId,
      courseId: course.courseId,
      learningPathId: null,
      at: expect.any(String),
    },
  });
  // The endpoint for REVOKED only heard nothing of the issue.
  expect(hooksTo('/revocations')).toHaveLength(0);

  // Redelivery: the same id and body again, a fresh signature, a fourth attempt in the log.
  const { redeliverWebhook } = await ok(
    app.gql(RedeliverWebhookDocument, { deliveryId: delivery.id }, app.adminToken),
  );
  expect(redeliverWebhook.status).toBe('PENDING');
  await eventually(async () => (hooksTo('/flaky').length === 4 ? true : undefined));
  const again = hooksTo('/flaky')[3];
  expect(again.headers['webhook-id']).toBe(delivery.messageId);
  expect(again.body).toBe(delivery.body);
  expect(verify(flaky.secret, again.headers, again.body)).toBe(true);
  const [redelivered] = await eventually(async () => {
    const { webhookDeliveries } = await ok(
      app.gql(WebhookDeliveriesDocument, { endpointId: flaky.endpoint.id }, app.adminToken),
    );
    return webhookDeliveries[0]?.attemptCount === 4 ? webhookDeliveries : undefined;
  });
  expect(redelivered.status).toBe('DELIVERED');

  // Recorded in the revocation's own transaction: when its delivery cannot be written, the
  // revocation fails and changes nothing (so no commit is ever left without its webhook).
  await query(app, 'alter table webhook_delivery rename to webhook_delivery_away');
  try {
    const refused = await app.gql(RevokeCredentialDocument, { id, reason: 'Test' }, app.adminToken);
    expect(refused.errors?.length).toBeGreaterThan(0);
  } finally {
    await query(app, 'alter table webhook_delivery_away rename to webhook_delivery');
  }
  const [unchanged] = await query<{ status: string; reason: string | null }>(
    app,
    'select status, reason from credential where id = $1',
    [id],
  );
  expect(unchanged).toEqual({ status: 'AVAILABLE', reason: null });

  // A revocation reaches the endpoint that asked for it.
  await ok(app.gql(RevokeCredentialDocument, { id, reason: 'Test' }, app.adminToken));
  const [revoked] = await eventually(async () => {
    const found = hooksTo('/revocations');
    return found.length > 0 ? found : undefined;
  });
  expect(JSON.parse(revoked.body)).toMatchObject({ type: 'credential.revoked' });
  expect(revoked.headers['webhook-signature']).toBe(signatureOf(revocations.secret, revoked));
  expect(hooksTo('/flaky')).toHaveLength(4);
}, 60_000);

it('wakes its senders only for an event that queued a delivery', async () => {
  const orm = await openOrm({ url: app.databaseUrl });
  try {
    let woken = 0;
    const outbox = credentialEventOutbox(
      {
        jobs: app.laurel.issuance.jobs,
        config: app.config.notifications,
        publicUrl: app.config.publicUrl,
      },
      () => (woken += 1),
    );
    const [credential] = await query<{ id: string; learner_id: string; configuration_id: string }>(
      app,
      `select id, learner_id, configuration_id from credential where learner_id = 'hook-1'`,
    );
    const record = (type: 'FAILED' | 'REVOKED') =>
      orm.em.fork().transactional((tx) =>
        outbox(tx, {
          type,
          credentialId: credential.id,
          learnerId: credential.learner_id,
          configurationId: credential.configuration_id,
          courseId: null,
          learningPathId: null,
          at: new Date().toISOString(),
        }),
      );
    // No endpoint wants FAILED and there is no SMTP: nothing queued, nobody woken (a bulk
    // issue's thousands of events would otherwise send the job workers looking each time).
    await record('FAILED');
    expect(woken).toBe(0);
    await record('REVOKED');
    expect(woken).toBe(1);
  } finally {
    await orm.close();
  }
});

it('lets only platform admins manage endpoints', async () => {
  const learner = await app.token({ subject: 'hook-learner' });
  const staff = await app.token({ subject: 'hook-staff', staffCourses: ['course-v1:X+Y+Z'] });
  const create = { url: `${receiver.url}/x` };
  for (const [token, code] of [
    [null, 'UNAUTHENTICATED'],
    [learner, 'FORBIDDEN'],
    [staff, 'FORBIDDEN'],
    [app.ingestToken, 'FORBIDDEN'],
  ] as const) {
    const created = await app.gql(CreateWebhookEndpointDocument, create, token);
    expect(created.errors?.[0]?.extensions?.code).toBe(code);
    const listed = await app.gql(WebhookEndpointsDocument, {}, token);
    expect(listed.errors?.[0]?.extensions?.code).toBe(code);
  }
  const { webhookEndpoints } = await ok(app.gql(WebhookEndpointsDocument, {}, app.adminToken));
  const [first] = webhookEndpoints;
  const deleted = await app.gql(DeleteWebhookEndpointDocument, { id: first.id }, learner);
  expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const deliveries = await app.gql(WebhookDeliveriesDocument, { endpointId: first.id }, learner);
  expect(deliveries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  const bad = await app.gql(
    CreateWebhookEndpointDocument,
    { url: 'ftp://example.org/x' },
    app.adminToken,
  );
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
  const missing = await app.gql(RedeliverWebhookDocument, { deliveryId: first.id }, app.adminToken);
  expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

  expect(
    await ok(app.gql(DeleteWebhookEndpointDocument, { id: first.id }, app.adminToken)),
  ).toEqual({
    deleteWebhookEndpoint: true,
  });
  const { webhookEndpoints: after } = await ok(
    app.gql(WebhookEndpointsDocument, {}, app.adminToken),
  );
  expect(after.map((endpoint) => endpoint.id)).not.toContain(first.id);
});
