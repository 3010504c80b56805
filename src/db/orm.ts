import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations';
import type { Logger } from '../shared/logger';
import { entities } from './entities';
import { applyStatementDeadlines } from './statement-deadline';

export type Orm = MikroORM;

export interface OrmOptions {
  url: string;
  poolMax?: number;
  /** Called with every SQL statement the ORM sends (tests count them). */
  onQuery?: (sql: string) => void;
  /** PostgreSQL statement_timeout of every connection; 0 or absent = none. */
  statementTimeoutMs?: number;
  /** Opening a connection longer than this fails; default 5 s. */
  connectTimeoutMs?: number;
  /** Waiting longer for a free pool connection fails; default connectTimeoutMs + 5 s. */
  acquireTimeoutMs?: number;
  /** Where the query builder's own warnings go (a lost connection); default: nowhere. */
  logger?: Logger;
}

function ormConfig(options: OrmOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities,
    discovery: { disableDynamicFileAccess: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'laurel_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: 'migrations',
      pathTs: 'migrations',
      emit: 'ts',
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    driverOptions: {
      // While PostgreSQL is away, requests fail within these bounds instead of queueing.
      acquireConnectionTimeout:
        options.acquireTimeoutMs ?? (options.connectTimeoutMs ?? 5000) + 5000,
      log: {
        warn: (message: unknown) => options.logger?.warn({ knex: String(message) }, 'database'),
        error: (message: unknown) => options.logger?.error({ knex: String(message) }, 'database'),
        deprecate: () => undefined,
        debug: () => undefined,
      },
      connection: {
        // JIT compiles set-based statements over many learners (bulk evaluation) for longer
        // than they run: 0.39 s of 1.35 s on 10,000 learners. Laurel's queries are short.
        options: '-c jit=off',
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
        keepAlive: true,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      },
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? (message: string) => options.onQuery?.(message) : undefined,
    colors: false,
  };
}

export async function openOrm(options: OrmOptions): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(options));
  applyStatementDeadlines(orm.em.getConnection().getKnex(), options.statementTimeoutMs ?? 0);
  return orm;
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
