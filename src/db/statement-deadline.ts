import type { Knex } from '@mikro-orm/postgresql';
import { DeadlineExceeded, remainingMs } from '../shared/deadline';

/**
 * Carries an operation's deadline (src/shared/deadline.ts) into PostgreSQL: each pool
 * connection, as it is taken for a statement or a transaction, gets `statement_timeout`
 * set to the time its operation has left, so a statement still running at the deadline is
 * cancelled by the server (57014, answered SERVICE_UNAVAILABLE) rather than left to run
 * for nobody. Waiting for a free connection is bounded the same way, and an operation out
 * of time runs no statement at all. Work without a deadline gets the connection's default
 * (DATABASE_STATEMENT_TIMEOUT_MS).
 *
 * A `SET` costs a round trip, so it is sent only when the connection's setting is off by
 * more than a tolerance: requests of similar length reuse what the last one set, and only
 * the slow ones (or work without a deadline after them) pay for one.
 */

/** A setting within this share of the wanted one (at most MAX_SLACK_MS) is kept. */
const SLACK_SHARE = 0.1;
const MIN_SLACK_MS = 25;
const MAX_SLACK_MS = 1000;

/** The pg connection as knex's client hands it out: only `query` is used here. */
interface PgConnection {
  query(sql: string): Promise<unknown>;
}

/** What this module replaces on knex's client (its instance, not its prototype). */
interface PooledClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** The timeout a connection should have now, in ms (0 = none). */
function wanted(defaultMs: number): number {
  const left = remainingMs();
  if (left === null) return defaultMs;
  const bounded = Math.max(1, Math.ceil(left));
  return defaultMs > 0 ? Math.min(defaultMs, bounded) : bounded;
}

function closeEnough(current: number, target: number): boolean {
  if (current === target) return true;
  if (current === 0 || target === 0) return false;
  const slack = Math.min(MAX_SLACK_MS, Math.max(MIN_SLACK_MS, target * SLACK_SHARE));
  return Math.abs(current - target) <= slack;
}

/** Takes a connection from the pool, giving up at the operation's deadline. */
async function acquireWithin(
  acquire: () => Promise<PgConnection>,
  release: (connection: PgConnection) => Promise<void>,
): Promise<PgConnection> {
  const left = remainingMs();
  if (left === null) return acquire();
  if (left <= 0) throw new DeadlineExceeded('before a database connection was taken');
  const acquiring = acquire();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), left);
  });
  try {
    const connection = await Promise.race([acquiring, expired]);
    if (connection !== null) return connection;
  } finally {
    clearTimeout(timer);
  }
  // Too late for this operation: the connection goes back as soon as the pool hands it out.
  acquiring.then(release, () => undefined);
  throw new DeadlineExceeded('while it waited for a database connection');
}

/**
 * Installs the deadline on `knex`'s pool. `defaultMs` is the statement_timeout every
 * connection is opened with (0 = none).
 */
export function applyStatementDeadlines(knex: Knex, defaultMs: number): void {
  const client = knex.client as unknown as PooledClient;
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const settings = new WeakMap<PgConnection, number>();
  client.acquireConnection = async () => {
    const connection = await acquireWithin(acquire, release);
    const target = wanted(defaultMs);
    const current = settings.get(connection) ?? defaultMs;
    if (closeEnough(current, target)) return connection;
    try {
      await connection.query(`set statement_timeout = ${target}`);
    } catch (error) {
      await release(connection);
      throw error;
    }
    settings.set(connection, target);
    return connection;
  };
}
