import type { EntityManager } from '@mikro-orm/postgresql';
import { catalogLoaders } from '../modules/catalog';
import { credentialLoaders } from '../modules/credentials';
import { eligibilityLoaders } from '../modules/eligibility';
import { issuerLoaders } from '../modules/issuers';
import { openedxLoaders } from '../modules/openedx';
import { progressLoaders } from '../modules/progress';

/** Every DataLoader of one request: each relation the schema exposes is batched here. */
export function createLoaders(em: EntityManager) {
  return {
    ...catalogLoaders(em),
    ...progressLoaders(em),
    ...credentialLoaders(em),
    ...eligibilityLoaders(em),
    ...openedxLoaders(em),
    ...issuerLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
