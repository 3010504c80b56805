/**
 * Object storage for generated credential PDFs and uploaded assets.
 *
 * Keys are relative, slash-separated paths such as `credentials/<uuid>.pdf`.
 * Every driver validates keys the same way (see `assertValidKey`), so a key that
 * works with one driver works with all of them.
 */
import { DomainError } from '../../../shared/errors';

/** Where a client should fetch an object from. */
export type DownloadTarget =
  /** A file on this machine; the HTTP layer streams it. */
  | { kind: 'file'; path: string }
  /** A short-lived URL the client is redirected to (e.g. an S3 presigned GET). */
  | { kind: 'redirect'; url: string };

export interface ObjectStorage {
  /** Stores `bytes` under `key`, replacing any existing object atomically. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Reads an object; a missing key rejects with a non-retryable `StorageError` (`NOT_FOUND`). */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** Removes an object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * How to hand the object to a client for `ttlSeconds` (1 s to 7 days). The local driver
   * checks that the file exists; the S3 driver presigns offline and does not.
   */
  downloadTarget(key: string, ttlSeconds: number): Promise<DownloadTarget>;
  /** Readiness probe: resolves when the store is reachable and usable, rejects with `StorageError`. */
  check(): Promise<void>;
  /** Releases connections at shutdown; optional so simple fakes need not implement it. */
  close?(): Promise<void>;
}

export type StorageErrorCode =
  /** The object does not exist. */
  | 'NOT_FOUND'
  /** The key is malformed or escapes the storage root. */
  | 'INVALID_KEY'
  /** Credentials or permissions were refused. */
  | 'ACCESS_DENIED'
  /** The store could not be reached or answered with a server-side error. */
  | 'UNAVAILABLE'
  /** Anything else. */
  | 'FAILED';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  /** Whether repeating the same operation later may succeed. */
  readonly retryable: boolean;

  constructor(
    message: string,
    options: { code: StorageErrorCode; retryable: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/** Seconds a client waits before retrying after a storage outage. */
const STORAGE_RETRY_SECONDS = 5;

/**
 * A storage failure in the domain's words, for answers to clients: a missing object is
 * NOT_FOUND, anything else an outage to retry. Other errors pass through unchanged.
 */
export function asDomainError(error: unknown): unknown {
  if (!(error instanceof StorageError)) return error;
  if (error.code === 'NOT_FOUND') {
    return new DomainError('NOT_FOUND', 'The file is missing from storage');
  }
  return new DomainError('SERVICE_UNAVAILABLE', 'Storage is unavailable; try again later', {
    retryAfterSeconds: STORAGE_RETRY_SECONDS,
  });
}

const MAX_KEY_LENGTH = 1024;
/** S3 refuses presigned URLs valid for longer than seven days. */
export const MAX_DOWNLOAD_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Rejects keys that are empty, absolute, contain `.`/`..`/empty segments, backslashes or
 * control characters, or are longer than 1024 characters.
 */
export function assertValidKey(key: string): void {
  const invalid = (why: string): StorageError =>
    new StorageError(`Invalid storage key ${JSON.stringify(key)}: ${why}`, {
      code: 'INVALID_KEY',
      retryable: false,
    });
  if (typeof key !== 'string' || key.length === 0) throw invalid('empty');
  if (key.length > MAX_KEY_LENGTH) throw invalid(`longer than ${MAX_KEY_LENGTH} characters`);
  if (key.startsWith('/')) throw invalid('absolute');
  if (/[\u0000-\u001f\u007f\\]/.test(key)) throw invalid('backslash or control character');
  if (/^[a-zA-Z]:/.test(key)) throw invalid('absolute');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw invalid('empty, "." or ".." path segment');
    }
  }
}

export function assertValidTtl(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_DOWNLOAD_TTL_SECONDS) {
    throw new RangeError(
      `ttlSeconds must be an integer between 1 and ${MAX_DOWNLOAD_TTL_SECONDS}, got ${ttlSeconds}`,
    );
  }
}

/**
 * `error.code` of Node.js system errors and SDK errors. Duck-typed rather than
 * `instanceof Error`, which fails for errors created in another realm (Node's own modules
 * under jest's VM sandbox, for one).
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** `error.name`, duck-typed for the same reason as `errorCode`. */
export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const { name } = error as { name: unknown };
    if (typeof name === 'string') return name;
  }
  return '';
}

/** `error.message`, or the value itself as a string. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error as { message: unknown };
    if (typeof message === 'string' && message !== '') return message;
  }
  return errorName(error) || String(error);
}
