import { LocalStorage } from './local-storage';
import { S3Storage, type S3StorageOptions } from './s3-storage';
import type { ObjectStorage } from './storage';

export type StorageConfig =
  { driver: 'local'; root: string } | ({ driver: 's3' } & S3StorageOptions);

export function createStorage(config: StorageConfig): ObjectStorage {
  switch (config.driver) {
    case 'local':
      return new LocalStorage(config.root);
    case 's3': {
      const { driver: _driver, ...options } = config;
      return new S3Storage(options);
    }
  }
}
