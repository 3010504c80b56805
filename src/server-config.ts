/** Who may call the API and how much: origins, trusted proxies, request and graphql-ws limits. */
import { isIP } from 'node:net';
import { ConfigError, type Env, integer, text } from './config-values';

export type TrustProxy = boolean | number | string[];

/** Limits every GraphQL request must stay within (answered BAD_USER_INPUT, or 413). */
export interface LimitsConfig {
  maxQueryDepth: number;
  /** Estimated cost: 1 per field, lists multiplied by `first` or the number of representations. */
  maxQueryCost: number;
  maxAliases: number;
  /** Operations one HTTP request may carry as a JSON array; 1 turns batching off. */
  maxBatchOperations: number;
  maxBodyBytes: number;
  /** A query costing at least this much spends one unit of QUERY_RATE_LIMIT. */
  expensiveQueryCost: number;
}

/** graphql-ws on /graphql. */
export interface SubscriptionsConfig {
  /** Operations one connection may run at once. */
  maxPerConnection: number;
  /**
   * Open connections one principal (the token's subject, else its set of roles) may hold;
   * counted across every process when REDIS_URL is set.
   */
  maxConnectionsPerPrincipal: number;
  /** Open connections in all; counted across every process when REDIS_URL is set. */
  maxConnections: number;
  /** Interval of the server's ping; a client that has not answered by the next one is dropped. 0 = off. */
  keepAliveSeconds: number;
  /** Events one subscription may have waiting for a slow client before it is ended. */
  maxQueuedEvents: number;
}

export function limitsConfig(env: Env): LimitsConfig {
  return {
    maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 15, 2, 1000),
    maxQueryCost: integer(env, 'MAX_QUERY_COST', 20_000, 10, 100_000_000),
    maxAliases: integer(env, 'MAX_ALIASES', 100, 0, 100_000),
    maxBatchOperations: integer(env, 'MAX_BATCH_OPERATIONS', 10, 1, 1000),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    expensiveQueryCost: integer(env, 'EXPENSIVE_QUERY_COST', 1000, 1, 100_000_000),
  };
}

export function subscriptionsConfig(env: Env): SubscriptionsConfig {
  return {
    maxPerConnection: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
    maxConnectionsPerPrincipal: integer(
      env,
      'WS_MAX_CONNECTIONS_PER_PRINCIPAL',
      // Its former name, from when only learners were counted.
      integer(env, 'WS_MAX_CONNECTIONS_PER_LEARNER', 10, 1, 10_000),
      1,
      10_000,
    ),
    maxConnections: integer(env, 'WS_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    keepAliveSeconds: integer(env, 'WS_KEEPALIVE_SECONDS', 12, 0, 3600),
    maxQueuedEvents: integer(env, 'WS_MAX_QUEUED_EVENTS', 1000, 1, 1_000_000),
  };
}

/** A comma-separated list of exact origins: scheme, host and port, no path, no slash. */
export function origins(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === null) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const parsed = new URL(entry);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') origin = parsed.origin;
    } catch {
      origin = null;
    }
    if (origin !== entry) {
      throw new ConfigError(
        name,
        'comma-separated origins like https://apps.example.org (scheme, host, port; no path)',
        entry,
      );
    }
  }
  return entries;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: true/false, a hop count, or a comma-separated list of addresses and CIDRs. */
export function trustProxy(env: Env, name: string): TrustProxy {
  const raw = text(env, name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (PROXY_NAMES.has(entry)) return true;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  });
  if (!valid) {
    throw new ConfigError(
      name,
      'true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas',
      raw,
    );
  }
  return entries;
}
