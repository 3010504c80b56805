import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Viewer } from '../shared/access';
import type { Logger } from '../shared/logger';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type Services } from './services';

export interface Context {
  viewer: Viewer | null;
  em: EntityManager;
  loaders: Loaders;
  services: Services;
  config: Config;
  logger: Logger;
}

export function createContext(
  base: { em: EntityManager; config: Config; logger: Logger },
  viewer: Viewer | null,
): Context {
  // One identity map per request: entities never leak between requests.
  const em = base.em.fork();
  return {
    viewer,
    em,
    loaders: createLoaders(em),
    services: createServices(em),
    config: base.config,
    logger: base.logger,
  };
}
