import { LocalStorage } from './local-storage';
import type { StorageConfig } from '../../../config';
import { S3Storage } from './s3-storage';
import type { ObjectStorage } from './storage';

export type { StorageConfig };

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
