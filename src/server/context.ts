import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Viewer } from '../shared/access';
import type { Logger } from '../shared/logger';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type ServiceDeps, type Services } from './services';

export interface Context extends Scope {
  viewer: Viewer | null;
  config: Config;
  logger: Logger;
  /** The client's address as Express tells it (TRUST_PROXY applies); null when unknown. */
  clientAddress: string | null;
}

/** One identity map with its DataLoaders and services: what one request (or one event) reads through. */
export interface Scope {
  em: EntityManager;
  loaders: Loaders;
  services: Services;
}

export type ContextBase = ServiceDeps & { em: EntityManager; clientAddress?: string | null };

export function createScope(base: ContextBase): Scope {
  // One identity map per request: entities never leak between requests.
  const em = base.em.fork();
  return { em, loaders: createLoaders(em), services: createServices(em, base) };
}

export function createContext(base: ContextBase, viewer: Viewer | null): Context {
  return {
    viewer,
    ...createScope(base),
    config: base.config,
    logger: base.logger,
    clientAddress: base.clientAddress ?? null,
  };
}
