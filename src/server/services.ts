import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { CatalogService } from '../modules/catalog/catalog.service';
import { AssetService } from '../modules/issuance/asset.service';
import type { ObjectStorage } from '../modules/issuance/storage';
import { ConfigurationService } from '../modules/credentials/configuration.service';
import { CredentialEventsService } from '../modules/credentials/credential-events.live';
import { type IssuanceDeps, IssuanceService } from '../modules/credentials/issuance.service';
import { IngestService } from '../modules/progress/ingest.service';
import { LearnerService } from '../modules/progress/learner.service';
import { ProgressUpdatesService } from '../modules/progress/progress.live';
import type { ProgressListener } from '../modules/progress/reevaluate';
import {
  type VerificationDeps,
  VerificationService,
} from '../modules/verification/verification.service';
import type { Logger } from '../shared/logger';
import type { LiveFeeds } from './live';

export interface ServiceDeps {
  config: Config;
  logger: Logger;
  /** Told about eligibility changes of every progress batch (issuer, subscriptions). */
  progressListeners?: readonly ProgressListener[];
  /** Signature checks, rate limit and downloads of public verification; absent = none of them. */
  verification?: VerificationDeps;
  /** Job queue and event bus of the issuer pipeline. */
  issuance: IssuanceDeps;
  /** Uploaded assets (template PDFs are read when a configuration is saved). */
  storage: ObjectStorage;
  /** What subscriptions read from. */
  live: LiveFeeds;
}

/** The services one request may call, bound to its EntityManager. */
export function createServices(em: EntityManager, deps: ServiceDeps) {
  return {
    catalog: new CatalogService(em),
    learners: new LearnerService(em),
    configurations: new ConfigurationService(em, new AssetService(em, deps.storage)),
    ingest: new IngestService(em, {
      maxBatchFacts: deps.config.maxBatchFacts,
      listeners: deps.progressListeners ?? [],
      logger: deps.logger,
    }),
    issuance: new IssuanceService(em, deps.issuance),
    progressUpdates: new ProgressUpdatesService(deps.live.progress),
    credentialEvents: new CredentialEventsService(em, deps.live.credentials),
    verification: new VerificationService(
      em,
      deps.verification ?? {
        signer: null,
        limiter: null,
        publicUrl: deps.config.publicUrl,
        downloads: false,
      },
    ),
  };
}

export type Services = ReturnType<typeof createServices>;
