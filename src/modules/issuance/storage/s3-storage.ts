import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  assertValidKey,
  assertValidTtl,
  type DownloadTarget,
  errorCode,
  errorMessage,
  errorName,
  type ObjectStorage,
  StorageError,
} from './storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible services (MinIO, Ceph, …); the AWS endpoint for `region` otherwise. */
  endpoint?: string;
  /**
   * Endpoint written into presigned download URLs when clients reach the store by another
   * address than this service does (e.g. `endpoint` is a cluster-internal name). Defaults to
   * `endpoint`.
   */
  publicEndpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`; most S3-compatible services need it. */
  forcePathStyle?: boolean;
  /** Both or neither; without them the SDK's default chain (env, profile, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Sends the object's SHA-256 so S3 verifies and stores it. Off by default: not every S3-compatible service accepts it. */
  checksumSha256?: boolean;
  /** TCP connect timeout per attempt. Default 2000 ms. */
  connectionTimeoutMs?: number;
  /** Time limit for one attempt, from sending the request to the end of the response. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** Attempts per operation, the first included. Default 3. */
  maxAttempts?: number;
}

const DEFAULT_CONNECTION_TIMEOUT_MS = 2_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 3;

/** Node.js socket errors meaning the store could not be reached (or the connection dropped). */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const ACCESS_DENIED_NAMES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
]);

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
  if (typeof error === 'object' && error !== null && '$metadata' in error) {
    const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
    if (typeof metadata?.httpStatusCode === 'number') return metadata.httpStatusCode;
  }
  return undefined;
}

/** Maps an SDK or socket error to a `StorageError`, deciding whether retrying can help. */
export function toStorageError(error: unknown, operation: string, key: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error);
  const code = errorCode(error);
  const status = httpStatusOf(error);
  const detail = errorMessage(error);
  const where = `S3 ${operation} ${key}`;

  if (status === undefined || status === 0) {
    if ((code !== undefined && NETWORK_ERROR_CODES.has(code)) || NETWORK_ERROR_NAMES.has(name)) {
      return new StorageError(`${where}: S3 unreachable (${code ?? name}): ${detail}`, {
        code: 'UNAVAILABLE',
        retryable: true,
        cause: error,
      });
    }
    // No HTTP answer at all and an unknown cause: treat as a transport failure.
    return new StorageError(`${where} failed: ${detail}`, {
      code: 'UNAVAILABLE',
      retryable: true,
      cause: error,
    });
  }
  if (status === 404 || NOT_FOUND_NAMES.has(name)) {
    return new StorageError(
      name === 'NoSuchBucket' ? `${where}: bucket not found` : `Object not found: ${key}`,
      { code: name === 'NoSuchBucket' ? 'FAILED' : 'NOT_FOUND', retryable: false, cause: error },
    );
  }
  if (status === 401 || status === 403 || ACCESS_DENIED_NAMES.has(name)) {
    return new StorageError(`${where}: access denied (${name || status})`, {
      code: 'ACCESS_DENIED',
      retryable: false,
      cause: error,
    });
  }
  if (status >= 500 || status === 429 || name === 'SlowDown' || name === 'RequestTimeout') {
    return new StorageError(`${where}: S3 answered ${status} ${name}`, {
      code: 'UNAVAILABLE',
      retryable: true,
      cause: error,
    });
  }
  return new StorageError(`${where}: S3 answered ${status} ${name}: ${detail}`, {
    code: 'FAILED',
    retryable: false,
    cause: error,
  });
}

/**
 * Private objects in one S3 (or S3-compatible) bucket. Nothing is written with a public ACL;
 * clients download through presigned GET URLs.
 */
export class S3Storage implements ObjectStorage {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly presignClient: S3Client;
  private readonly checksumSha256: boolean;

  constructor(options: S3StorageOptions) {
    if (!options.bucket) throw new Error('S3 storage needs a bucket');
    if (!options.region) throw new Error('S3 storage needs a region');
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      throw new Error('S3 storage needs both accessKeyId and secretAccessKey, or neither');
    }
    this.bucket = options.bucket;
    this.checksumSha256 = options.checksumSha256 ?? false;

    const config = (endpoint: string | undefined): S3ClientConfig => ({
      region: options.region,
      endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials:
        options.accessKeyId !== undefined && options.secretAccessKey !== undefined
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
        requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        // Without it, @smithy/node-http-handler 4.x only logs a warning when requestTimeout
        // passes and the request keeps waiting, possibly forever.
        throwOnRequestTimeout: true,
      },
    });
    this.client = new S3Client(config(options.endpoint));
    this.presignClient =
      options.publicEndpoint !== undefined && options.publicEndpoint !== options.endpoint
        ? new S3Client(config(options.publicEndpoint))
        : this.client;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          // A byte array (never a stream): its length is known, so the SDK sends a plain body
          // rather than an aws-chunked one with a trailing checksum.
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: contentType,
          CacheControl: 'private, no-store',
          ...(this.checksumSha256
            ? {
                ChecksumAlgorithm: 'SHA256' as const,
                ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
              }
            : {}),
        }),
      );
    } catch (error) {
      throw toStorageError(error, 'put', key);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      if (response.Body === undefined) {
        throw new StorageError(`S3 get ${key}: empty response body`, {
          code: 'UNAVAILABLE',
          retryable: true,
        });
      }
      return await response.Body.transformToByteArray();
    } catch (error) {
      throw toStorageError(error, 'get', key);
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const storageError = toStorageError(error, 'exists', key);
      if (storageError.code === 'NOT_FOUND') return false;
      throw storageError;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      // S3 answers 204 whether or not the key existed.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      const storageError = toStorageError(error, 'delete', key);
      if (storageError.code === 'NOT_FOUND') return;
      throw storageError;
    }
  }

  async downloadTarget(key: string, ttlSeconds: number): Promise<DownloadTarget> {
    assertValidKey(key);
    assertValidTtl(ttlSeconds);
    try {
      const url = await getSignedUrl(
        this.presignClient,
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
        { expiresIn: ttlSeconds },
      );
      return { kind: 'redirect', url };
    } catch (error) {
      // Presigning is offline; it fails only when credentials cannot be resolved.
      throw toStorageError(error, 'presign', key);
    }
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const storageError = toStorageError(error, 'check', this.bucket);
      if (storageError.code === 'NOT_FOUND') {
        throw new StorageError(`S3 bucket ${this.bucket} not found`, {
          code: 'FAILED',
          retryable: false,
          cause: error,
        });
      }
      throw storageError;
    }
  }

  /** Releases the HTTP agents' sockets. */
  async close(): Promise<void> {
    this.client.destroy();
    if (this.presignClient !== this.client) this.presignClient.destroy();
  }
}
