/**
 * A real S3-compatible HTTP server for tests: s3rver on a free loopback port, backed by a
 * temporary directory, with one bucket created up front. Clients must use path-style URLs
 * (`forcePathStyle: true`) and the credentials returned here.
 *
 * s3rver 3.7 does not check SigV4 signatures and serves every object to anonymous callers.
 * To make "private bucket, presigned downloads" testable, a middleware in front of it
 * refuses anonymous requests (403 AccessDenied) and verifies SigV4 signatures of both
 * header-signed and presigned requests (403 SignatureDoesNotMatch).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The part of a Koa context the middleware below uses. */
interface KoaContext {
  method: string;
  /** Raw request target: path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
  type: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** The part of s3rver's API used here (the package ships no type declarations). */
interface S3rverInstance {
  /** Koa's middleware stack; composed when the server starts listening. */
  middleware: KoaMiddleware[];
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
interface S3rverOptions {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}
type S3rverConstructor = new (options: S3rverOptions) => S3rverInstance;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver has no type declarations; it is typed by the interfaces above
const S3rver = require('s3rver') as S3rverConstructor;

export interface TestS3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  region: string;
  /** The only credentials s3rver knows. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Client options for `S3Storage` / `S3Client` pointing at this server. */
  forcePathStyle: true;
  stop(): Promise<void>;
}

/** s3rver's built-in account. */
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';

export async function startS3Server(
  options: { bucket?: string; region?: string } = {},
): Promise<TestS3Server> {
  const bucket = options.bucket ?? 'laurel-test';
  const region = options.region ?? 'us-east-1';
  const directory = await mkdtemp(path.join(tmpdir(), 'laurel-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  server.middleware.unshift(
    requireSigV4((accessKeyId) => (accessKeyId === ACCESS_KEY_ID ? SECRET_ACCESS_KEY : undefined)),
  );
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    region,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    forcePathStyle: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Keep-alive sockets of SDK clients and fetch would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function xmlError(ctx: KoaContext, code: string, message: string): void {
  ctx.status = 403;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

interface ParsedAuth {
  accessKeyId: string;
  scope: string[]; // date, region, service, 'aws4_request'
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
}

/**
 * Middleware verifying AWS Signature Version 4, for the Authorization header and for
 * presigned query strings (expiry is left to s3rver, which checks it).
 */
function requireSigV4(secretFor: (accessKeyId: string) => string | undefined): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method === 'OPTIONS') return next(); // CORS preflight carries no credentials
    const queryStart = ctx.url.indexOf('?');
    const rawPath = queryStart === -1 ? ctx.url : ctx.url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : ctx.url.slice(queryStart + 1);
    const query = rawQuery
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair): [string, string] => {
        const eq = pair.indexOf('=');
        const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, '%20'));
        return eq === -1
          ? [decode(pair), '']
          : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
      });
    const param = (name: string): string | undefined => query.find(([k]) => k === name)?.[1];

    const authorization = header(ctx.headers, 'authorization');
    let auth: ParsedAuth | undefined;
    let canonicalQueryPairs = query;
    if (authorization !== undefined) {
      const match =
        /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
          authorization.trim(),
        );
      if (match === null) {
        return xmlError(ctx, 'AccessDenied', 'Unsupported or malformed Authorization header');
      }
      const [accessKeyId = '', ...scope] = (match[1] ?? '').split('/');
      auth = {
        accessKeyId,
        scope,
        signedHeaders: (match[2] ?? '').split(';'),
        signature: match[3] ?? '',
        amzDate: header(ctx.headers, 'x-amz-date') ?? '',
        payloadHash: header(ctx.headers, 'x-amz-content-sha256') ?? '',
      };
    } else if (param('X-Amz-Algorithm') !== undefined) {
      if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
        return xmlError(ctx, 'AccessDenied', 'Only AWS4-HMAC-SHA256 is supported');
      }
      const [accessKeyId = '', ...scope] = (param('X-Amz-Credential') ?? '').split('/');
      auth = {
        accessKeyId,
        scope,
        signedHeaders: (param('X-Amz-SignedHeaders') ?? '').split(';'),
        signature: param('X-Amz-Signature') ?? '',
        amzDate: param('X-Amz-Date') ?? '',
        payloadHash: param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
      };
      canonicalQueryPairs = query.filter(([k]) => k !== 'X-Amz-Signature');
    } else if (param('Signature') !== undefined) {
      return xmlError(ctx, 'AccessDenied', 'Signature version 2 is not supported');
    } else {
      return xmlError(ctx, 'AccessDenied', 'Access Denied');
    }

    const secret = secretFor(auth.accessKeyId);
    if (secret === undefined) {
      return xmlError(
        ctx,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist',
      );
    }
    const [date = '', region = '', service = '', terminator = ''] = auth.scope;
    if (
      auth.scope.length !== 4 ||
      terminator !== 'aws4_request' ||
      !auth.amzDate.startsWith(date)
    ) {
      return xmlError(ctx, 'AccessDenied', 'Malformed credential scope');
    }

    const canonicalQuery = canonicalQueryPairs
      .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
      .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonicalHeaders = auth.signedHeaders
      .map((name) => `${name}:${(header(ctx.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
      .join('');
    const canonicalRequest = [
      ctx.method,
      rawPath,
      canonicalQuery,
      canonicalHeaders,
      auth.signedHeaders.join(';'),
      auth.payloadHash,
    ].join('\n');
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      auth.amzDate,
      auth.scope.join('/'),
      sha256Hex(canonicalRequest),
    ].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), terminator);
    const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
    const provided = Buffer.from(auth.signature, 'hex');
    if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
      return xmlError(
        ctx,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided',
      );
    }
    return next();
  };
}
