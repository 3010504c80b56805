import path from 'node:path';
import { boolean, ConfigError, type Env, oneOf, text, url } from './config-values';

/** Where credential files and assets are kept (the storage drivers' settings). */
export type StorageConfig =
  | { driver: 'local'; root: string }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      endpoint?: string;
      publicEndpoint?: string;
      forcePathStyle: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
    };

export function storageConfig(env: Env, home: string): StorageConfig {
  const driver = oneOf(env, 'STORAGE', ['local', 's3'] as const, 'local');
  if (driver === 'local') {
    return { driver, root: path.resolve(text(env, 'STORAGE_DIR') ?? path.join(home, 'files')) };
  }
  const bucket = text(env, 'S3_BUCKET');
  if (bucket === null || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', 'an S3 bucket name (STORAGE=s3 needs one)', bucket ?? '');
  }
  const accessKeyId = text(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = text(env, 'S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    const missing = accessKeyId === null ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY';
    throw new ConfigError(missing, 'a value (give both access key variables, or neither)', '');
  }
  return {
    driver,
    bucket,
    region: text(env, 'S3_REGION') ?? 'us-east-1',
    endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']) ?? undefined,
    publicEndpoint: url(env, 'S3_PUBLIC_ENDPOINT', ['http:', 'https:']) ?? undefined,
    forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE', false),
    ...(accessKeyId !== null && secretAccessKey !== null ? { accessKeyId, secretAccessKey } : {}),
  };
}
