import { Client } from 'pg';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import { startEmbeddedPostgres } from './embedded';
import { migrate, migrationsApplied, openOrm, type Orm } from './orm';

export interface Database {
  orm: Orm;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

// Any constant works; it only has to be the same for every Laurel process.
const MIGRATION_LOCK = 726_351_002;

/** Applies pending migrations while holding an advisory lock, so parallel boots take turns. */
async function migrateLocked(url: string, orm: Orm, logger: Logger): Promise<void> {
  if (await migrationsApplied(orm)) return;
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await migrate(orm);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL under LAUREL_HOME; migrated. */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { onQuery?: (sql: string) => void; ownSignals?: boolean } = {},
): Promise<Database> {
  const { onQuery, ownSignals } = options;
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.home, logger, { ownSignals });
  const url = config.databaseUrl ?? embedded!.url;
  const orm = await openOrm({
    url,
    poolMax: config.databasePoolMax,
    onQuery,
    statementTimeoutMs: config.database.statementTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
    acquireTimeoutMs: config.database.acquireTimeoutMs,
    logger,
  });
  try {
    await migrateLocked(url, orm, logger);
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }
  return {
    orm,
    url,
    embedded: embedded !== null,
    close: async () => {
      await orm.close();
      await embedded?.stop();
    },
  };
}
