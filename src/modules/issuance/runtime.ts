import type { Config } from '../../config';
import type { Orm } from '../../db/orm';
import type { CredentialEventOutbox, EventBus } from '../../shared/events';
import { type Clock, systemClock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { Metrics } from '../../shared/metrics';
import {
  CredentialGenerator,
  type OrganizationSource,
  type StatusAllocation,
} from './generate-credential';
import { CertificatePreviews } from './certificate-preview';
import { JobQueue, type ReleaseJobData } from './jobs';
import { createRenderer, type Renderer } from './render-pool';
import { type CredentialSigner, loadOrCreateSigningKey, signingKeyFromPem } from './signing';
import { createStorage, type ObjectStorage } from './storage';
import { startWorker } from './worker';

/** Everything the issuer pipeline needs at run time, shared by the API and the worker. */
export interface IssuanceRuntime<Sweep = unknown> {
  jobs: JobQueue;
  storage: ObjectStorage;
  signer: CredentialSigner;
  events: EventBus;
  /** Where publishers of credential events record their durable side, in their transaction. */
  outbox?: CredentialEventOutbox;
  /** The lifecycle rules' time (availability dates, expiry, renewal). */
  clock: Clock;
  /** Certificates rendered as issuance would, stamped PREVIEW, stored nowhere. */
  previews: CertificatePreviews;
  /** One reconciliation sweep now (the worker also runs it on its schedule). */
  reconcile(): Promise<Sweep>;
  /** One lifecycle sweep now: expiry and renewal (the worker also runs it on its schedule). */
  lifecycle(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Opens storage, the signing key and the job queue. Every role sends jobs; `worker` and
 * `all` also work them and keep the reconciliation sweep's schedule.
 */
export async function startIssuance<Sweep>(options: {
  config: Config;
  databaseUrl: string;
  orm: Orm;
  events: EventBus;
  /** The e-mail and webhooks of credential events (they belong to the notifications module). */
  outboxOf?: (jobs: JobQueue) => CredentialEventOutbox;
  logger: Logger;
  metrics?: Metrics;
  /** The reconciliation sweep (it belongs to the credentials module, which owns the rules). */
  reconcile: (jobs: JobQueue) => Promise<Sweep>;
  /** Default: the system clock. */
  clock?: Clock;
  /** A configuration's release at its availability date (the credentials module's rules). */
  release: (jobs: JobQueue, data: ReleaseJobData) => Promise<unknown>;
  /** Expiry and renewal (the credentials module's rules). */
  lifecycle: (jobs: JobQueue) => Promise<unknown>;
  /** The issuing organization printed on certificates (it belongs to the issuers module). */
  organizationOf?: OrganizationSource;
  /** Status list entries of issued credentials (they belong to the Open Badges module). */
  allocateStatus?: StatusAllocation;
}): Promise<IssuanceRuntime<Sweep>> {
  const { config, orm, events, logger, metrics } = options;
  const worker = config.role === 'all' || config.role === 'worker';
  const storage = createStorage(config.storage);
  const signer = config.signingKeyPem
    ? signingKeyFromPem(config.signingKeyPem)
    : await loadOrCreateSigningKey(config.home);
  storage.check().catch((err: unknown) => logger.warn({ err }, 'storage is not usable yet'));

  const jobs = await JobQueue.start({
    databaseUrl: options.databaseUrl,
    worker,
    poolMax: worker ? config.jobs.concurrency + 3 : 2,
    logger,
    connectTimeoutMs: config.database.connectTimeoutMs,
    ...config.jobs,
  });
  metrics?.setQueueDepthSource(() => jobs.depth());
  const outbox = options.outboxOf?.(jobs);
  let renderer: Renderer | null = null;
  const previews = new CertificatePreviews({
    storage,
    publicUrl: config.publicUrl,
    organizationOf: options.organizationOf,
    // The worker's renderer; an api process makes one when it first previews.
    renderer: () =>
      (renderer ??= createRenderer(config.jobs.renderThreads, config.jobs.renderNice)),
  });
  const reconcile = () => options.reconcile(jobs);
  const lifecycle = () => options.lifecycle(jobs);
  try {
    if (worker) {
      renderer = createRenderer(config.jobs.renderThreads, config.jobs.renderNice);
      const generator = new CredentialGenerator({
        em: () => orm.em.fork(),
        storage,
        renderer,
        signer,
        events,
        outbox,
        publicUrl: config.publicUrl,
        logger,
        expireSeconds: config.jobs.expireSeconds,
        metrics,
        organizationOf: options.organizationOf,
        allocateStatus: options.allocateStatus,
        clock: options.clock,
      });
      await startWorker({
        jobs,
        generator,
        reconcile,
        concurrency: config.jobs.concurrency,
        reconcileCron: config.jobs.reconcileCron,
        release: (data) => options.release(jobs, data),
        lifecycle,
        lifecycleCron: config.jobs.lifecycleCron,
        logger,
      });
    }
  } catch (error) {
    await jobs.stop(1000);
    await renderer?.close();
    throw error;
  }
  return {
    jobs,
    storage,
    signer,
    events,
    outbox,
    clock: options.clock ?? systemClock,
    previews,
    reconcile,
    lifecycle,
    stop: async () => {
      await jobs.stop();
      await renderer?.close();
      await storage.close?.();
    },
  };
}
