import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { S3Storage, toStorageError } from '../../../src/modules/issuance/storage/s3-storage';
import type { TestS3Server } from '../../support/s3-server';
import { startS3Server } from '../../support/s3-server';
import { expectBytes, expectStorageError, pdfLikeBytes, s3Options } from './helpers';

const key = (): string => `credentials/${randomUUID()}.pdf`;

async function presignedUrl(storage: S3Storage, k: string, ttlSeconds = 60): Promise<string> {
  const target = await storage.downloadTarget(k, ttlSeconds);
  if (target.kind !== 'redirect') throw new Error(`expected a redirect, got ${target.kind}`);
  return target.url;
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('S3Storage against s3rver', () => {
  let server: TestS3Server;
  let storage: S3Storage;

  beforeAll(async () => {
    server = await startS3Server();
    storage = new S3Storage(s3Options(server));
  });
  afterAll(async () => {
    await storage?.close();
    await server?.stop();
  });

  it('keeps objects private: an unsigned GET is refused with 403', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(100), 'application/pdf');
    const url = await presignedUrl(storage, k);
    const signed = await fetch(url);
    expect(signed.status).toBe(200);
    await signed.arrayBuffer();

    const unsigned = await fetch(`${server.endpoint}/${server.bucket}/${k}`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('AccessDenied');
  });

  it('binds the presigned URL to its signature, key and method', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(100), 'application/pdf');
    const url = new URL(await presignedUrl(storage, k));

    const tampered = new URL(url);
    const signature = tampered.searchParams.get('X-Amz-Signature') ?? '';
    tampered.searchParams.set(
      'X-Amz-Signature',
      (signature[0] === '0' ? '1' : '0') + signature.slice(1),
    );
    expect((await fetch(tampered)).status).toBe(403);

    const otherKey = new URL(url);
    otherKey.pathname = `/${server.bucket}/${key()}`;
    expect((await fetch(otherKey)).status).toBe(403);

    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
    await expect(storage.exists(k)).resolves.toBe(true);
  });

  it('presigns for the requested lifetime, after which the URL is refused', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(100), 'application/pdf');
    const url = await presignedUrl(storage, k, 1);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
  });

  it('stores the content type, served with the presigned download', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(100), 'application/pdf');
    const client = new S3Client({
      region: server.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: k }));
      expect(head.ContentType).toBe('application/pdf');
      expect(head.ContentLength).toBe(100);
    } finally {
      client.destroy();
    }
    const response = await fetch(await presignedUrl(storage, k));
    expect(response.headers.get('content-type')).toBe('application/pdf');
    await response.arrayBuffer();
  });

  it('sends a SHA-256 checksum when asked to', async () => {
    const withChecksum = new S3Storage(s3Options(server, { checksumSha256: true }));
    try {
      const k = key();
      const bytes = pdfLikeBytes(1000);
      await withChecksum.put(k, bytes, 'application/pdf');
      expectBytes(await withChecksum.get(k), bytes);
    } finally {
      await withChecksum.close();
    }
  });

  it('writes presigned URLs for the public endpoint when one is configured', async () => {
    const publicEndpoint = 'https://files.example.org';
    const publicStorage = new S3Storage(s3Options(server, { publicEndpoint }));
    try {
      const url = await presignedUrl(publicStorage, key());
      expect(url.startsWith(`${publicEndpoint}/${server.bucket}/credentials/`)).toBe(true);
    } finally {
      await publicStorage.close();
    }
  });

  it('refuses wrong credentials with a non-retryable ACCESS_DENIED error', async () => {
    const wrongSecret = new S3Storage(s3Options(server, { secretAccessKey: 'not-the-secret' }));
    const unknownKey = new S3Storage(s3Options(server, { accessKeyId: 'NOBODY' }));
    try {
      const denied = { code: 'ACCESS_DENIED', retryable: false } as const;
      await expectStorageError(wrongSecret.put(key(), pdfLikeBytes(10), 'application/pdf'), denied);
      await expectStorageError(wrongSecret.get(key()), denied);
      await expectStorageError(unknownKey.exists(key()), denied);
      await expectStorageError(unknownKey.check(), denied);
    } finally {
      await wrongSecret.close();
      await unknownKey.close();
    }
  });

  it('fails the readiness check for a missing bucket, non-retryably', async () => {
    const noBucket = new S3Storage(s3Options(server, { bucket: 'no-such-bucket' }));
    try {
      await expectStorageError(noBucket.check(), { code: 'FAILED', retryable: false });
    } finally {
      await noBucket.close();
    }
  });
});

describe('S3Storage faults', () => {
  const options = (endpoint: string) => ({
    bucket: 'laurel',
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });

  it('fails fast with a retryable error when S3 is unreachable (closed port)', async () => {
    const storage = new S3Storage(options(`http://127.0.0.1:${await closedPort()}`));
    try {
      const unavailable = { code: 'UNAVAILABLE', retryable: true } as const;
      const started = Date.now();
      const error = await expectStorageError(
        storage.put(key(), pdfLikeBytes(10), 'application/pdf'),
        unavailable,
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.message).toContain('ECONNREFUSED');
      await expectStorageError(storage.get(key()), unavailable);
      await expectStorageError(storage.exists(key()), unavailable);
      await expectStorageError(storage.delete(key()), unavailable);
      await expectStorageError(storage.check(), unavailable);
    } finally {
      await storage.close();
    }
  });

  it('retries 5xx answers a bounded number of times, then fails retryably', async () => {
    let requests = 0;
    const failing = createServer((_req, res) => {
      requests += 1;
      res.writeHead(503, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code>' +
          '<Message>Please reduce your request rate.</Message></Error>',
      );
    });
    const storage = new S3Storage({ ...options(await listen(failing)), maxAttempts: 3 });
    try {
      await expectStorageError(storage.get(key()), { code: 'UNAVAILABLE', retryable: true });
      expect(requests).toBe(3);
    } finally {
      await storage.close();
      failing.closeAllConnections();
      failing.close();
    }
  });

  it('times out a server that accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    const storage = new S3Storage({
      ...options(await listen(silent)),
      requestTimeoutMs: 300,
      maxAttempts: 2,
    });
    try {
      const started = Date.now();
      await expectStorageError(storage.get(key()), { code: 'UNAVAILABLE', retryable: true });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await storage.close();
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });
});

describe('S3 error classification', () => {
  const serviceError = (name: string, status: number): S3ServiceException =>
    new S3ServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: name,
    });

  it.each([
    ['NoSuchKey', 404, 'NOT_FOUND', false],
    ['NotFound', 404, 'NOT_FOUND', false],
    ['AccessDenied', 403, 'ACCESS_DENIED', false],
    ['InvalidArgument', 400, 'FAILED', false],
    ['InternalError', 500, 'UNAVAILABLE', true],
    ['ServiceUnavailable', 503, 'UNAVAILABLE', true],
    ['SlowDown', 503, 'UNAVAILABLE', true],
    ['TooManyRequests', 429, 'UNAVAILABLE', true],
  ] as const)('%s (%i) → %s, retryable=%s', (name, status, code, retryable) => {
    const error = toStorageError(serviceError(name, status), 'get', 'k');
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
  });

  it('treats socket errors without an HTTP answer as retryable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']) {
      const error = toStorageError(Object.assign(new Error(code), { code }), 'put', 'k');
      expect({ code: error.code, retryable: error.retryable }).toEqual({
        code: 'UNAVAILABLE',
        retryable: true,
      });
    }
  });

  it('requires both parts of static credentials', () => {
    expect(
      () => new S3Storage({ bucket: 'b', region: 'us-east-1', accessKeyId: 'only-the-id' }),
    ).toThrow(/both accessKeyId and secretAccessKey/);
  });
});
