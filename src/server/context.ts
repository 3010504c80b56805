import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Viewer } from '../shared/access';
import type { Logger } from '../shared/logger';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type ServiceDeps, type Services } from './services';

export interface Context {
  viewer: Viewer | null;
  em: EntityManager;
  loaders: Loaders;
  services: Services;
  config: Config;
  logger: Logger;
  /** The client's address as Express tells it (TRUST_PROXY applies); null when unknown. */
  clientAddress: string | null;
}

export function createContext(
  base: ServiceDeps & { em: EntityManager; clientAddress?: string | null },
  viewer: Viewer | null,
): Context {
  // One identity map per request: entities never leak between requests.
  const em = base.em.fork();
  return {
    viewer,
    em,
    loaders: createLoaders(em),
    services: createServices(em, base),
    config: base.config,
    logger: base.logger,
    clientAddress: base.clientAddress ?? null,
  };
}
