import { isNonPublicAddress } from '../../src/modules/notifications/webhooks/address-guard';
import { postWebhook } from '../../src/modules/notifications/webhooks/post-webhook';
import { checkWebhookUrl } from '../../src/modules/notifications/webhooks/webhook.service';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/** SSRF: webhook targets must be public unless allowed; no redirects, timeouts, capped answers. */
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.on('/ok', [200]);
});
afterAll(() => receiver?.stop());

const port = () => new URL(receiver.url).port;

it.each([
  ['127.0.0.1', true],
  ['127.8.9.10', true],
  ['10.1.2.3', true],
  ['172.16.0.1', true],
  ['172.31.255.255', true],
  ['192.168.1.1', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['0.0.0.0', true],
  ['224.0.0.1', true],
  ['255.255.255.255', true],
  ['::1', true],
  ['::', true],
  ['fe80::1', true],
  ['fd00::1', true],
  ['ff02::1', true],
  ['::ffff:127.0.0.1', true],
  ['::ffff:7f00:1', true],
  ['::ffff:a9fe:a9fe', true],
  ['64:ff9b::a00:1', true],
  ['2002:c0a8:101::1', true],
  ['not-an-address', true],
  ['93.184.215.14', false],
  ['8.8.8.8', false],
  ['172.32.0.1', false],
  ['2606:4700:4700::1111', false],
  ['::ffff:8.8.8.8', false],
])('%s is non-public: %s', (address, expected) => {
  expect(isNonPublicAddress(address)).toBe(expected);
});

it.each([
  () => `http://127.0.0.1:${port()}/ok`,
  () => `http://localhost:${port()}/ok`,
  () => `http://[::ffff:127.0.0.1]:${port()}/ok`,
  () => `http://[::1]:${port()}/ok`,
  () => 'http://169.254.169.254/latest/meta-data/',
])('refuses to post to a private target (%#)', async (target) => {
  const before = receiver.received.length;
  const result = await postWebhook(target(), {}, '{}', { allowPrivate: false, timeoutMs: 2000 });
  expect(result).toMatchObject({ statusCode: null, response: null });
  expect(result.error).toMatch(/loopback, private or link-local address/);
  expect(receiver.received).toHaveLength(before);
});

it('posts to the same receiver when private targets are allowed', async () => {
  const result = await postWebhook(
    `http://localhost:${port()}/ok`,
    { 'webhook-id': 'msg_1' },
    '{"a":1}',
    {
      allowPrivate: true,
      timeoutMs: 2000,
    },
  );
  expect(result).toMatchObject({ statusCode: 200, error: null, response: 'thanks' });
  expect(receiver.received.at(-1)).toMatchObject({ path: '/ok', body: '{"a":1}' });
});

it('refuses private, non-http and credential-carrying URLs at registration', async () => {
  for (const url of [
    'http://10.0.0.1/hook',
    'http://[fd12::1]/hook',
    'http://localhost/hook',
    'ftp://93.184.215.14/hook',
    'https://user:pass@93.184.215.14/hook',
    'not a url',
  ]) {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'url' },
    });
  }
  await expect(checkWebhookUrl(' https://93.184.215.14/hook ', false)).resolves.toBe(
    'https://93.184.215.14/hook',
  );
  await expect(checkWebhookUrl('http://localhost/hook', true)).resolves.toBe(
    'http://localhost/hook',
  );
});

it('does not follow redirects', async () => {
  receiver.on('/moved', [
    (_request, response) => {
      response.writeHead(302, { location: '/ok' });
      response.end();
    },
  ]);
  const before = receiver.received.length;
  const result = await postWebhook(`${receiver.url}/moved`, {}, '{}', {
    allowPrivate: true,
    timeoutMs: 2000,
  });
  expect(result).toMatchObject({ statusCode: 302, error: 'HTTP 302' });
  expect(receiver.received.slice(before).map((hook) => hook.path)).toEqual(['/moved']);
});

it('reads at most the start of a large answer and gives up on a silent receiver', async () => {
  receiver.on('/large', [
    (_request, response) => {
      response.writeHead(200);
      response.end('x'.repeat(4 * 1024 * 1024));
    },
  ]);
  const large = await postWebhook(`${receiver.url}/large`, {}, '{}', {
    allowPrivate: true,
    timeoutMs: 5000,
  });
  expect(large.statusCode).toBe(200);
  expect(large.response).toHaveLength(1024);

  receiver.on('/silent', [() => undefined]);
  const silent = await postWebhook(`${receiver.url}/silent`, {}, '{}', {
    allowPrivate: true,
    timeoutMs: 300,
  });
  expect(silent).toMatchObject({ statusCode: null, error: 'no answer within 300 ms' });
  expect(silent.durationMs).toBeGreaterThanOrEqual(290);
  expect(silent.durationMs).toBeLessThan(3000);
});
