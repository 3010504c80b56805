import type { EntityManager } from '@mikro-orm/postgresql';
import { catalogLoaders } from '../modules/catalog/catalog.loaders';
import { credentialLoaders } from '../modules/credentials/credentials.loaders';
import { eligibilityLoaders } from '../modules/eligibility/eligibility.loaders';
import { progressLoaders } from '../modules/progress/progress.loaders';

/** Every DataLoader of one request: each relation the schema exposes is batched here. */
export function createLoaders(em: EntityManager) {
  return {
    ...catalogLoaders(em),
    ...progressLoaders(em),
    ...credentialLoaders(em),
    ...eligibilityLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
