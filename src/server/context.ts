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
  /** Signed in by the JWT cookie without the CSRF header (X-CSRFToken): mutations are refused. */
  cookieWithoutCsrf: boolean;
}

/** One identity map with its DataLoaders and services: what one request (or one event) reads through. */
export interface Scope {
  em: EntityManager;
  loaders: Loaders;
  services: Services;
}

export type ContextBase = ServiceDeps & { em: EntityManager; clientAddress?: string | null };

/** Where an HTTP request came from, read only when a resolver asks. */
export interface RequestOrigin {
  clientAddress(): string | null;
  /** The request's own logger (with its request id). */
  logger(): Logger;
  /** See Context.cookieWithoutCsrf; default false. */
  cookieWithoutCsrf?: boolean;
}

/**
 * A request's context. The identity map (one per request: entities never leak between
 * requests), its DataLoaders, its services and its logger are made when a resolver first
 * asks for them: a request that reads nothing from the database pays for none of them.
 */
class RequestContext implements Context {
  readonly config: Config;
  private address: string | null | undefined;
  private forked: EntityManager | undefined;
  private madeLoaders: Loaders | undefined;
  private madeServices: Services | undefined;
  private madeLogger: Logger | undefined;

  constructor(
    private readonly base: ContextBase,
    readonly viewer: Viewer | null,
    private readonly origin: RequestOrigin | undefined,
  ) {
    this.config = base.config;
  }

  get cookieWithoutCsrf(): boolean {
    return this.origin?.cookieWithoutCsrf ?? false;
  }

  get clientAddress(): string | null {
    if (this.address === undefined) {
      this.address = this.origin?.clientAddress() ?? this.base.clientAddress ?? null;
    }
    return this.address;
  }

  get em(): EntityManager {
    return (this.forked ??= this.base.em.fork());
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= createLoaders(this.em));
  }

  get services(): Services {
    return (this.madeServices ??= createServices(this.em, { ...this.base, logger: this.logger }));
  }

  get logger(): Logger {
    return (this.madeLogger ??= this.origin?.logger() ?? this.base.logger);
  }
}

export function createContext(
  base: ContextBase,
  viewer: Viewer | null,
  origin?: RequestOrigin,
): Context {
  return new RequestContext(base, viewer, origin);
}
