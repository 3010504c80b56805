import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from '../../shared/logger';

/**
 * Durable jobs on Laurel's own PostgreSQL (pg-boss, schema `pgboss`). A generation job's
 * id is its credential's id, so every trigger of one credential converges on one job;
 * jobs are written in the caller's transaction, next to the credential row they serve.
 */

const JOB_SCHEMA = 'pgboss';
export const GENERATE_QUEUE = 'credential.generate';
export const RECONCILE_QUEUE = 'credential.reconcile';
/** A configuration's release at its `availableFrom`: one job per configuration and date. */
export const RELEASE_QUEUE = 'credential.release';
/** The lifecycle sweep: expiry of due credentials and their renewal. */
export const LIFECYCLE_QUEUE = 'credential.lifecycle';

export interface ReleaseJobData {
  configurationId: string;
  /** ISO 8601: the date the job was scheduled for; a job of an older date does nothing. */
  availableFrom: string;
}

export interface GenerateJobData {
  credentialId: string;
}

export interface JobSettings {
  retryLimit: number;
  retryDelaySeconds: number;
  expireSeconds: number;
}

export interface JobQueueOptions extends JobSettings {
  databaseUrl: string;
  /** Workers also run maintenance (expiry of crashed jobs) and the cron clock. */
  worker: boolean;
  poolMax: number;
  logger: Logger;
  /** Opening a connection longer than this fails (requests fail fast while PostgreSQL is away). */
  connectTimeoutMs?: number;
}

/** pg-boss's `db` interface on the connection of `em`'s current transaction. */
async function transactionDb(em: EntityManager): Promise<PgBoss.Db> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('Jobs are enqueued inside a transaction');
  // A knex transaction's client hands out the transaction's one connection.
  const connection = (await trx.client.acquireConnection()) as {
    query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  };
  return { executeSql: (text, values) => connection.query(text, values) };
}

/**
 * Finished jobs (completed, cancelled, failed) of these credentials, so that a fresh job
 * with the same id can be inserted; a job that is queued, waiting for a retry or running
 * stays, and one waiting for a retry is made due now.
 */
const DELETE_FINISHED_SQL = `
delete from ${JOB_SCHEMA}.job where name = $1 and id = any($2::uuid[]) and state > 'active'`;
const RETRY_NOW_SQL = `
update ${JOB_SCHEMA}.job set start_after = now()
where name = $1 and id = any($2::uuid[]) and state = 'retry'`;

/** Release jobs of a configuration that have not started. */
const CANCEL_RELEASE_SQL = `
delete from ${JOB_SCHEMA}.job
where name = $1 and state in ('created', 'retry') and data->>'configurationId' = $2`;

const DEPTH_SQL = `
select name as queue, state::text as state, count(*)::int as count from ${JOB_SCHEMA}.job
where state in ('created', 'retry', 'active') group by name, state`;

/** Ids among `$2` that have a job queued, waiting for a retry or running. */
const OPEN_JOBS_SQL = `
select id::text from ${JOB_SCHEMA}.job
where name = $1 and id = any($2::uuid[]) and state <= 'active'`;

export class JobQueue {
  private readonly wakeUps = new Set<() => void>();

  private constructor(
    readonly boss: PgBoss,
    readonly settings: JobSettings,
  ) {}

  /** Connects, installs or migrates pg-boss's schema and creates the queues. */
  static async start(options: JobQueueOptions): Promise<JobQueue> {
    // pg-boss hands its options to pg.Pool, which reads connectionTimeoutMillis (untyped here).
    const settings: PgBoss.ConstructorOptions & { connectionTimeoutMillis: number } = {
      connectionString: options.databaseUrl,
      schema: JOB_SCHEMA,
      application_name: 'laurel-jobs',
      max: options.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      supervise: options.worker,
      schedule: options.worker,
      // Expiry of crashed workers' jobs is checked during maintenance.
      maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.ceil(options.expireSeconds / 2))),
    };
    const boss = new PgBoss(settings);
    boss.on('error', (err) => options.logger.error({ err }, 'job queue error'));
    await boss.start();
    const queue = new JobQueue(boss, options);
    await boss.createQueue(GENERATE_QUEUE, {
      name: GENERATE_QUEUE,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: options.expireSeconds,
    });
    await boss.createQueue(RECONCILE_QUEUE, {
      name: RECONCILE_QUEUE,
      retryLimit: 0,
      expireInSeconds: 3600,
    });
    await boss.createQueue(RELEASE_QUEUE, {
      name: RELEASE_QUEUE,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await boss.createQueue(LIFECYCLE_QUEUE, {
      name: LIFECYCLE_QUEUE,
      retryLimit: 0,
      expireInSeconds: 3600,
    });
    return queue;
  }

  /**
   * Enqueues the generation of these credentials in `em`'s transaction: the jobs commit or
   * roll back with it. A credential that already has a job keeps that one.
   */
  async enqueueGeneration(em: EntityManager, credentialIds: readonly string[]): Promise<void> {
    if (credentialIds.length === 0) return;
    const db = await transactionDb(em);
    await this.boss.insert(
      credentialIds.map((id) => ({
        id,
        name: GENERATE_QUEUE,
        data: { credentialId: id } satisfies GenerateJobData,
        retryLimit: this.settings.retryLimit,
        retryDelay: this.settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: this.settings.expireSeconds,
      })),
      { db },
    );
  }

  /** Inserts jobs of any queue in `em`'s transaction: they commit or roll back with it. */
  async insertInTransaction(em: EntityManager, jobs: readonly PgBoss.JobInsert[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert([...jobs], { db: await transactionDb(em) });
  }

  /**
   * Replaces the configuration's release job, in `em`'s transaction: the job of the old date
   * (if it has not run) goes, one for `availableFrom` comes (none when it is null). `startAfter`
   * is when the queue hands it out (the date itself, unless a clock says otherwise).
   */
  async scheduleRelease(
    em: EntityManager,
    configurationId: string,
    availableFrom: Date | null,
    startAfter: Date | null = availableFrom,
  ): Promise<void> {
    const db = await transactionDb(em);
    await db.executeSql(CANCEL_RELEASE_SQL, [RELEASE_QUEUE, configurationId]);
    if (availableFrom === null) return;
    await this.boss.insert(
      [
        {
          name: RELEASE_QUEUE,
          data: {
            configurationId,
            availableFrom: availableFrom.toISOString(),
          } satisfies ReleaseJobData,
          startAfter: startAfter ?? availableFrom,
          retryLimit: this.settings.retryLimit,
          retryDelay: this.settings.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: 3600,
        },
      ],
      { db },
    );
  }

  /** Enqueues again credentials whose job finished (or was lost), in `em`'s transaction. */
  async requeueGeneration(em: EntityManager, credentialIds: readonly string[]): Promise<void> {
    if (credentialIds.length === 0) return;
    const db = await transactionDb(em);
    await db.executeSql(DELETE_FINISHED_SQL, [GENERATE_QUEUE, credentialIds]);
    await db.executeSql(RETRY_NOW_SQL, [GENERATE_QUEUE, credentialIds]);
    await this.enqueueGeneration(em, credentialIds);
  }

  /** Which of these credentials have a generation job queued, waiting or running. */
  async withOpenJobs(em: EntityManager, credentialIds: readonly string[]): Promise<Set<string>> {
    if (credentialIds.length === 0) return new Set();
    const db = await transactionDb(em);
    const { rows } = await db.executeSql(OPEN_JOBS_SQL, [GENERATE_QUEUE, credentialIds]);
    return new Set((rows as { id: string }[]).map((row) => row.id));
  }

  /** Jobs waiting or running, by queue and state (for the queue depth gauge). */
  async depth(): Promise<{ queue: string; state: string; count: number }[]> {
    const { rows } = await this.boss.getDb().executeSql(DEPTH_SQL, []);
    return rows as { queue: string; state: string; count: number }[];
  }

  /** Tells this process's workers that jobs were committed (others find them by polling). */
  wakeUp(): void {
    for (const wake of this.wakeUps) wake();
  }

  onWakeUp(listener: () => void): () => void {
    this.wakeUps.add(listener);
    return () => this.wakeUps.delete(listener);
  }

  /** Stops fetching, waits up to `timeoutMs` for running jobs, closes the pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.wakeUps.clear();
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }
}
