import os from 'node:os';
import { cron, type Env, integer } from './config-values';

/** Credential generation in worker processes: retries, concurrency, render threads, sweeps. */
export interface JobsConfig {
  /** Retries of a failed generation after the first attempt. */
  retryLimit: number;
  /** Base delay before the first retry; doubles with each retry (with jitter). */
  retryDelaySeconds: number;
  /** An active job older than this is taken back and retried (a crashed worker's job). */
  expireSeconds: number;
  /** Credentials one worker process generates at once (their rendering waits for a thread). */
  concurrency: number;
  /**
   * Threads that render PDFs in a worker process; 0 = the main thread. Default: one per
   * core, at most 4, one core fewer in an `all` process (its API keeps one).
   */
  renderThreads: number;
  /** Scheduling niceness of the render threads (0–19): renders yield the CPU to requests. */
  renderNice: number;
  /**
   * Scheduling niceness of a LAUREL_ROLE=worker process (0–19): its jobs (signing, Open
   * Badges canonicalization, storage) yield the CPU to api processes on the same host.
   */
  workerNice: number;
  /** Cron of the reconciliation sweep; null = off. */
  reconcileCron: string | null;
  /** Cron of the lifecycle sweep (expiry and renewal of credentials); null = off. */
  lifecycleCron: string | null;
}

/** `servesApi`: the same process answers the API (LAUREL_ROLE=all). */
export function jobsConfig(env: Env, servesApi: boolean): JobsConfig {
  // Rendering is the CPU-bound part of issuing: a thread per core (at most 4), one core left
  // to the API's event loop when the same process serves it. The jobs' other work is mostly
  // waiting (database, storage): WORKER_CONCURRENCY jobs overlap it.
  const cores = os.availableParallelism();
  return {
    retryLimit: integer(env, 'JOB_RETRY_LIMIT', 5, 0, 100),
    retryDelaySeconds: integer(env, 'JOB_RETRY_DELAY_SECONDS', 10, 1, 86_400),
    expireSeconds: integer(env, 'JOB_EXPIRE_SECONDS', 300, 5, 86_400),
    concurrency: integer(env, 'WORKER_CONCURRENCY', 8, 1, 64),
    renderThreads: integer(
      env,
      'RENDER_THREADS',
      Math.max(1, Math.min(4, servesApi ? cores - 1 : cores)),
      0,
      64,
    ),
    renderNice: integer(env, 'RENDER_NICE', 10, 0, 19),
    workerNice: integer(env, 'WORKER_NICE', 10, 0, 19),
    reconcileCron: cron(env, 'RECONCILE_CRON', '*/10 * * * *'),
    lifecycleCron: cron(env, 'LIFECYCLE_CRON', '* * * * *'),
  };
}
