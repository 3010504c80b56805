/** PostgreSQL's connection settings and Redis, the state shared between processes. */
import { ConfigError, type Env, integer, text, url } from './config-values';

export interface DatabaseConfig {
  /** A statement running longer is cancelled (PostgreSQL statement_timeout); 0 = none. */
  statementTimeoutMs: number;
  /** Opening a connection longer fails it, so requests fail fast while PostgreSQL is away. */
  connectTimeoutMs: number;
  /** Waiting longer for a free pool connection fails the request (SERVICE_UNAVAILABLE). */
  acquireTimeoutMs: number;
}

/**
 * Fan-out of live events between processes, and rate-limit counters shared by every
 * process; null url = events in-process only, counters in PostgreSQL.
 */
export interface RedisConfig {
  url: string | null;
  /** Prepended to every channel name, so that several deployments can share one Redis. */
  channelPrefix: string;
}

export function databaseConfig(env: Env): DatabaseConfig {
  return {
    statementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
    connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    acquireTimeoutMs: integer(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}

export function redisConfig(env: Env): RedisConfig {
  return {
    url: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    channelPrefix: channelPrefix(env, 'REDIS_CHANNEL_PREFIX', 'laurel:'),
  };
}

function channelPrefix(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (!/^[\w.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(name, 'up to 64 letters, digits or . _ : -', raw);
  }
  return raw;
}
