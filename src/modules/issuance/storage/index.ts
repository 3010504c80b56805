export { createStorage, type StorageConfig } from './create-storage';
export { LocalStorage } from './local-storage';
export { S3Storage, type S3StorageOptions } from './s3-storage';
export {
  MAX_DOWNLOAD_TTL_SECONDS,
  StorageError,
  asDomainError,
  assertValidKey,
  type DownloadTarget,
  type ObjectStorage,
  type StorageErrorCode,
} from './storage';
