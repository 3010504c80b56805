import type PgBoss from 'pg-boss';
import type { Logger } from '../../shared/logger';
import type { CredentialGenerator } from './generate-credential';
import {
  GENERATE_QUEUE,
  type GenerateJobData,
  type JobQueue,
  LIFECYCLE_QUEUE,
  RECONCILE_QUEUE,
  RELEASE_QUEUE,
  type ReleaseJobData,
} from './jobs';

export interface WorkerOptions {
  jobs: JobQueue;
  generator: CredentialGenerator;
  /** The reconciliation sweep, run by the RECONCILE_QUEUE schedule. */
  reconcile: () => Promise<unknown>;
  /** Credentials generated at once by this process. */
  concurrency: number;
  /** Cron of the sweep; null = no schedule. */
  reconcileCron: string | null;
  /** A configuration's release at its availability date (RELEASE_QUEUE). */
  release: (data: ReleaseJobData) => Promise<unknown>;
  /** The lifecycle sweep (expiry, renewal), run by the LIFECYCLE_QUEUE schedule. */
  lifecycle: () => Promise<unknown>;
  /** Cron of the lifecycle sweep; null = no schedule. */
  lifecycleCron: string | null;
  logger: Logger;
}

/** How often an idle worker looks for jobs committed by other processes. */
const POLL_SECONDS = 1;
/** How often release jobs that have come due are looked for (well within their minute). */
const RELEASE_POLL_SECONDS = 5;

/** Runs `task` over `items` with at most `limit` at once. */
async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * Works the generation queue (batches of jobs, `concurrency` at a time, each job settled on
 * its own) and the sweep's queue, and keeps the sweep's schedule in line with the config.
 */
export async function startWorker(options: WorkerOptions): Promise<void> {
  const { jobs, generator, logger } = options;
  const { boss } = jobs;
  const batchSize = options.concurrency * 4;

  const workerId = await boss.work<GenerateJobData>(
    GENERATE_QUEUE,
    { batchSize, pollingIntervalSeconds: POLL_SECONDS, includeMetadata: true },
    async (batch: PgBoss.JobWithMetadata<GenerateJobData>[]) => {
      await forEachLimit(batch, options.concurrency, async (job) => {
        const finalAttempt = job.retryCount >= job.retryLimit;
        const outcome = await generator
          .generate(job.data.credentialId, finalAttempt)
          .catch((error: unknown) => ({
            status: 'failed' as const,
            message: error instanceof Error ? error.message : String(error),
            retryable: true,
          }));
        // Completed jobs are settled by pg-boss when the batch returns; a retryable failure
        // goes back to the queue with its backoff now.
        if (outcome.status === 'failed' && outcome.retryable) {
          await boss.fail(GENERATE_QUEUE, job.id, { message: outcome.message });
        }
      });
      // A full batch: there is probably more, fetch again without waiting.
      if (batch.length === batchSize) boss.notifyWorker(workerId);
    },
  );
  jobs.onWakeUp(() => boss.notifyWorker(workerId));

  await boss.work(RECONCILE_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    const result = await options.reconcile();
    logger.info({ result }, 'reconciliation sweep done');
  });
  if (options.reconcileCron) {
    await boss.schedule(RECONCILE_QUEUE, options.reconcileCron, {}, { tz: 'UTC' });
  } else {
    await boss.unschedule(RECONCILE_QUEUE);
  }

  await boss.work<ReleaseJobData>(
    RELEASE_QUEUE,
    { pollingIntervalSeconds: RELEASE_POLL_SECONDS },
    async ([job]) => {
      const result = await options.release(job.data);
      logger.info({ result, configurationId: job.data.configurationId }, 'release done');
    },
  );
  await boss.work(LIFECYCLE_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    const result = await options.lifecycle();
    logger.debug({ result }, 'lifecycle sweep done');
  });
  if (options.lifecycleCron) {
    await boss.schedule(LIFECYCLE_QUEUE, options.lifecycleCron, {}, { tz: 'UTC' });
  } else {
    await boss.unschedule(LIFECYCLE_QUEUE);
  }
}
