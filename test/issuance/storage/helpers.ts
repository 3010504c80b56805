import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalStorage } from '../../../src/modules/issuance/storage/local-storage';
import { S3Storage, type S3StorageOptions } from '../../../src/modules/issuance/storage/s3-storage';
import {
  type DownloadTarget,
  type ObjectStorage,
  StorageError,
  type StorageErrorCode,
} from '../../../src/modules/issuance/storage/storage';
import { startS3Server, type TestS3Server } from '../../support/s3-server';

export interface StorageFixture {
  storage: ObjectStorage;
  teardown(): Promise<void>;
}

export async function localFixture(): Promise<
  StorageFixture & { root: string; storage: LocalStorage }
> {
  const root = await mkdtemp(path.join(tmpdir(), 'laurel-storage-'));
  return {
    root,
    storage: new LocalStorage(root),
    teardown: () => rm(root, { recursive: true, force: true }),
  };
}

export function s3Options(
  server: TestS3Server,
  extra: Partial<S3StorageOptions> = {},
): S3StorageOptions {
  return {
    bucket: server.bucket,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: server.forcePathStyle,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    ...extra,
  };
}

export async function s3Fixture(): Promise<
  StorageFixture & { server: TestS3Server; storage: S3Storage }
> {
  const server = await startS3Server();
  const storage = new S3Storage(s3Options(server));
  return {
    server,
    storage,
    async teardown() {
      await storage.close();
      await server.stop();
    },
  };
}

/** Reads what a client would get from a download target. */
export async function fetchTarget(target: DownloadTarget): Promise<Uint8Array> {
  if (target.kind === 'file') return new Uint8Array(await readFile(target.path));
  const response = await fetch(target.url);
  if (response.status !== 200) {
    throw new Error(`GET ${target.url} answered ${response.status}: ${await response.text()}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
}

export async function expectStorageError(
  promise: Promise<unknown>,
  expected: { code: StorageErrorCode; retryable: boolean },
): Promise<StorageError> {
  const error: unknown = await promise.then(
    () => new Error('expected a StorageError, but the operation succeeded'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  const storageError = error as StorageError;
  expect({ code: storageError.code, retryable: storageError.retryable }).toEqual(expected);
  return storageError;
}

export function pdfLikeBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(Buffer.from('%PDF-1.7\n').subarray(0, size), 0);
  return bytes;
}
