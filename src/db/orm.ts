import type { IMigrator } from '@mikro-orm/core';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { readdirSync } from 'node:fs';
import path from 'node:path';
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
    // The migrator (and the migrations) load only when needed: a quarter of the boot time.
    migrations: {
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

const MIGRATIONS_DIR = path.join(__dirname, '../../migrations');
const MIGRATION_FILE = /^(Migration\w+)\.(?:js|ts)$/;

/** The migrations this build ships, from their file names (no module is loaded). */
export function shippedMigrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .map((file) => MIGRATION_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** True when the database has recorded every shipped migration: one query, no migrator. */
export async function migrationsApplied(orm: Orm): Promise<boolean> {
  const [table] = await orm.em
    .getConnection()
    .execute<{ exists: boolean }[]>(
      `select to_regclass('laurel_migrations') is not null as exists`,
    );
  if (!table.exists) return false;
  const rows = await orm.em
    .getConnection()
    .execute<{ name: string }[]>('select name from laurel_migrations');
  const recorded = new Set(rows.map((row) => row.name));
  return shippedMigrationNames().every((name) => recorded.has(name));
}

/** The ORM's migrator, loaded and registered on first use. */
export async function migratorOf(orm: Orm): Promise<IMigrator> {
  if (!orm.config.getExtension('@mikro-orm/migrator')) {
    // require, not import(): the migrations are CommonJS modules of this project, and
    // they must share @mikro-orm/migrations' one module instance with the migrator.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { Migrator } = require('@mikro-orm/migrations') as typeof import('@mikro-orm/migrations');
    const { migrationsList } = require('../../migrations') as typeof import('../../migrations');
    /* eslint-enable @typescript-eslint/no-require-imports */
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
    Migrator.register(orm);
  }
  return orm.getMigrator();
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await (await migratorOf(orm)).up();
  return applied.map((migration) => migration.name);
}
