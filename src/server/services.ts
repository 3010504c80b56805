import type { EntityManager } from '@mikro-orm/postgresql';
import { CatalogService } from '../modules/catalog/catalog.service';
import { ConfigurationService } from '../modules/credentials/configuration.service';
import { LearnerService } from '../modules/progress/learner.service';

/** The services one request may call, bound to its EntityManager. */
export function createServices(em: EntityManager) {
  return {
    catalog: new CatalogService(em),
    learners: new LearnerService(em),
    configurations: new ConfigurationService(em),
  };
}

export type Services = ReturnType<typeof createServices>;
