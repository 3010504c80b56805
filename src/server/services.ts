import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { CatalogService } from '../modules/catalog';
import { CertificatePreviewService, type PreviewDeps } from '../modules/certificates';
import { AssetService, type ObjectStorage } from '../modules/issuance';
import {
  ConfigurationService,
  EligibilityPreviewService,
  CredentialEventsService,
  type IssuanceDeps,
  IssuanceService,
} from '../modules/credentials';
import {
  IngestService,
  LearnerService,
  ProgressUpdatesService,
  type ProgressListener,
} from '../modules/progress';
import { OpenBadgeService, type OpenBadgesDeps } from '../modules/openbadges';
import { type ConnectorDeps, connectorPipeline, ConnectorService } from '../modules/openedx';
import { OrganizationService } from '../modules/issuers';
import { WebhookService } from '../modules/notifications';
import { type VerificationDeps, VerificationService } from '../modules/verification';
import { systemClock } from '../shared/clock';
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
  /** The Open edX connector's status source and pipeline; default: no event bus in this process. */
  connector?: ConnectorDeps;
  /** Certificate previews: the issuer's renderer and their rate limit; absent = none here. */
  previews?: PreviewDeps;
  /** Issuer key, identifier and document loader of Open Badges; absent = not set up here. */
  openBadges?: OpenBadgesDeps;
}

/** The services one request may call, bound to its EntityManager. */
export function createServices(em: EntityManager, deps: ServiceDeps) {
  const assets = new AssetService(em, deps.storage);
  const configurations = new ConfigurationService(em, assets, {
    jobs: deps.issuance.jobs,
    clock: deps.issuance.clock ?? systemClock,
  });
  // A preview validates as a save does, but stores nothing, not even a page count it read.
  const previewedConfigurations = new ConfigurationService(em, {
    pageCount: (asset) => assets.peekPageCount(asset),
  });
  return {
    catalog: new CatalogService(em),
    organizations: new OrganizationService(em),
    learners: new LearnerService(em),
    clock: deps.issuance.clock ?? systemClock,
    configurations,
    eligibilityPreview: new EligibilityPreviewService(
      em,
      previewedConfigurations,
      deps.config.previewMaxLearners,
    ),
    ingest: new IngestService(em, {
      maxBatchFacts: deps.config.maxBatchFacts,
      listeners: deps.progressListeners ?? [],
      logger: deps.logger,
    }),
    issuance: new IssuanceService(em, {
      ...deps.issuance,
      statusLists: deps.openBadges?.statusLists,
    }),
    progressUpdates: new ProgressUpdatesService(em, deps.live.progress),
    credentialEvents: new CredentialEventsService(em, deps.live.credentials),
    connector: new ConnectorService(
      em,
      deps.connector ?? {
        config: deps.config.openedx,
        bus: null,
        pipeline: connectorPipeline({
          config: deps.config,
          logger: deps.logger,
          listeners: deps.progressListeners ?? [],
        }),
      },
    ),
    openBadges: new OpenBadgeService(em, deps.openBadges, deps.issuance.clock ?? systemClock),
    webhooks: new WebhookService(em, {
      config: deps.config.notifications,
      jobs: deps.issuance.jobs,
    }),
    certificatePreviews: new CertificatePreviewService(em, deps.previews),
    verification: new VerificationService(
      em,
      deps.verification ?? {
        signer: null,
        limiter: null,
        publicUrl: deps.config.publicUrl,
        downloads: false,
      },
      deps.issuance.clock ?? systemClock,
    ),
  };
}

export type Services = ReturnType<typeof createServices>;
