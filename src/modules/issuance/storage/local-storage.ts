import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  assertValidKey,
  assertValidTtl,
  type DownloadTarget,
  errorCode,
  errorMessage,
  type ObjectStorage,
  StorageError,
} from './storage';

/** Stored files are private to the service's OS user. */
const FILE_MODE = 0o600;
const TEMP_SUFFIX = '.tmp';

/** errno codes that mean "no such object". */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
/** errno codes that will not go away by retrying. */
const PERMANENT_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENAMETOOLONG',
  'EINVAL',
  'EEXIST',
  'ENOTEMPTY',
]);

function toStorageError(error: unknown, operation: string, key: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = errorCode(error);
  const detail = errorMessage(error);
  if (code !== undefined && NOT_FOUND_CODES.has(code) && operation !== 'put') {
    return new StorageError(`Object not found: ${key}`, {
      code: 'NOT_FOUND',
      retryable: false,
      cause: error,
    });
  }
  if (code !== undefined && (PERMANENT_CODES.has(code) || NOT_FOUND_CODES.has(code))) {
    // For a put, ENOENT/ENOTDIR/EISDIR mean a file or folder is in the way of the key's path.
    return new StorageError(`Local storage ${operation} failed for ${key}: ${detail}`, {
      code: code === 'EACCES' || code === 'EPERM' ? 'ACCESS_DENIED' : 'FAILED',
      retryable: false,
      cause: error,
    });
  }
  // ENOSPC, EMFILE, EIO, EBUSY, …: conditions of the machine that may clear up.
  return new StorageError(`Local storage ${operation} failed for ${key}: ${detail}`, {
    code: 'UNAVAILABLE',
    retryable: true,
    cause: error,
  });
}

/**
 * Files in a directory on this machine. Writes go to a temporary file in the target's
 * directory, are flushed, then renamed over the target, so readers and crashes only ever see
 * the previous or the new complete file.
 */
export class LocalStorage implements ObjectStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of `key`, refusing keys that would leave the root. */
  pathFor(key: string): string {
    assertValidKey(key);
    const resolved = path.resolve(this.root, ...key.split('/'));
    if (!resolved.startsWith(this.root + path.sep)) {
      throw new StorageError(`Invalid storage key ${JSON.stringify(key)}: escapes the root`, {
        code: 'INVALID_KEY',
        retryable: false,
      });
    }
    return resolved;
  }

  async put(key: string, bytes: Uint8Array, _contentType: string): Promise<void> {
    const target = this.pathFor(key);
    const dir = path.dirname(target);
    // Dot-prefixed and suffixed so listings can tell leftovers of a crash from real objects.
    const temp = path.join(
      dir,
      `.${path.basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
    );
    try {
      // Default directory mode: parents may be shared with other components of the data folder.
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      await syncDirectory(dir);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw toStorageError(error, 'put', key);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.pathFor(key);
    try {
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      throw toStorageError(error, 'get', key);
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      return (await stat(file)).isFile();
    } catch (error) {
      const storageError = toStorageError(error, 'exists', key);
      if (storageError.code === 'NOT_FOUND') return false;
      throw storageError;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await unlink(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw toStorageError(error, 'delete', key);
    }
  }

  async downloadTarget(key: string, ttlSeconds: number): Promise<DownloadTarget> {
    assertValidTtl(ttlSeconds);
    const file = this.pathFor(key);
    if (!(await this.exists(key))) {
      throw new StorageError(`Object not found: ${key}`, { code: 'NOT_FOUND', retryable: false });
    }
    return { kind: 'file', path: file };
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (error) {
      const detail = errorMessage(error);
      throw new StorageError(`Local storage root ${this.root} is not usable: ${detail}`, {
        code: 'UNAVAILABLE',
        retryable: true,
        cause: error,
      });
    }
  }
}

/** Makes a rename durable; best effort, as not every file system supports it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Ignored: the data itself is already flushed.
  } finally {
    await handle?.close();
  }
}
