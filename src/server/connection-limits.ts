import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Config } from '../config';
import type { Viewer } from '../shared/access';
import type { Logger } from '../shared/logger';

/**
 * How many WebSocket connections one principal, and everybody together, may hold open.
 * Without Redis the counts are this process's. With REDIS_URL every process keeps its
 * counts in a hash of its own (`<prefix>ws-connections:<process>`, field per principal
 * plus `*` for its total) that expires unless the process's heartbeat renews it, and lists
 * itself in a sorted set scored by that expiry: a crashed process's counts vanish within
 * COUNT_TTL_MS. An admission sums every live process's hash and increments its own in one
 * Lua script, so two processes never both take the last place.
 */

export interface ConnectionLimitSettings {
  maxPerPrincipal: number;
  maxTotal: number;
}

export type Admission = { admitted: true; release(): void } | { admitted: false; reason: string };

export interface ConnectionLimits {
  /** Counts one more connection of the principal, or says why it may not open. */
  admit(principal: string): Promise<Admission>;
  /** Forgets this process's connections (in Redis too) and stops the heartbeat. */
  close(): Promise<void>;
}

/** Whom a connection is counted against: the token's subject, else the roles it carries. */
export function principalOf(viewer: Viewer): string {
  if (viewer.learnerId !== null) return `subject:${viewer.learnerId}`;
  const roles = [
    ...(viewer.isAdmin ? ['admin'] : []),
    ...(viewer.canIngest ? ['ingest'] : []),
    ...[...viewer.staffCourses].map((id) => `course_staff:${id}`),
    ...[...viewer.staffPaths].map((id) => `path_staff:${id}`),
  ];
  return `roles:${roles.sort().join(' ')}`;
}

/** How long a process's counts outlive its last heartbeat. */
export const COUNT_TTL_MS = 30_000;
const TOTAL_FIELD = '*';
const FIRST_CONNECTION_WAIT_MS = 2000;

function refusal(
  settings: ConnectionLimitSettings,
  principalCount: number,
  total: number,
): string | null {
  if (principalCount >= settings.maxPerPrincipal) {
    return `at most ${settings.maxPerPrincipal} connections per user or role (WS_MAX_CONNECTIONS_PER_PRINCIPAL)`;
  }
  if (total >= settings.maxTotal) {
    return `the server holds its maximum of ${settings.maxTotal} connections (WS_MAX_CONNECTIONS)`;
  }
  return null;
}

/** This process's open connections per principal. */
class LocalCounts {
  private readonly byPrincipal = new Map<string, number>();
  total = 0;

  of(principal: string): number {
    return this.byPrincipal.get(principal) ?? 0;
  }

  add(principal: string, delta: 1 | -1): void {
    const count = this.of(principal) + delta;
    if (count > 0) this.byPrincipal.set(principal, count);
    else this.byPrincipal.delete(principal);
    this.total += delta;
  }

  /** As the hash fields of this process: principal → count, and the total. */
  toFields(): Record<string, number> {
    return { ...Object.fromEntries(this.byPrincipal), [TOTAL_FIELD]: this.total };
  }
}

/** Releases once, however often it is called. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

export class MemoryConnectionLimits implements ConnectionLimits {
  private readonly counts = new LocalCounts();

  constructor(private readonly settings: ConnectionLimitSettings) {}

  admit(principal: string): Promise<Admission> {
    const reason = refusal(this.settings, this.counts.of(principal), this.counts.total);
    if (reason) return Promise.resolve({ admitted: false, reason });
    this.counts.add(principal, 1);
    return Promise.resolve({
      admitted: true,
      release: once(() => this.counts.add(principal, -1)),
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** KEYS: processes zset, this process's hash. ARGV: hash prefix, principal, maxPer, maxTotal, ttl ms, process id. */
const ADMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local principal, total = 0, 0
for _, process in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local counts = redis.call('HMGET', ARGV[1] .. process, ARGV[2], '${TOTAL_FIELD}')
  principal = principal + (tonumber(counts[1]) or 0)
  total = total + (tonumber(counts[2]) or 0)
end
if principal >= tonumber(ARGV[3]) or total >= tonumber(ARGV[4]) then
  return {0, principal, total}
end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HINCRBY', KEYS[2], '${TOTAL_FIELD}', 1)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[6])
return {1, principal, total}`;

/** KEYS: this process's hash. ARGV: principal. */
const RELEASE_SCRIPT = `
if (tonumber(redis.call('HGET', KEYS[1], ARGV[1])) or 0) > 0 then
  if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
end
if (tonumber(redis.call('HGET', KEYS[1], '${TOTAL_FIELD}')) or 0) > 0 then
  redis.call('HINCRBY', KEYS[1], '${TOTAL_FIELD}', -1)
end
return 1`;

/**
 * KEYS: processes zset, this process's hash. ARGV: counts as JSON, ttl ms, process id.
 * Rewrites the hash from the process's own counts, so that it heals after Redis lost it.
 */
const HEARTBEAT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('DEL', KEYS[2])
for principal, count in pairs(cjson.decode(ARGV[1])) do
  redis.call('HSET', KEYS[2], principal, count)
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
return 1`;

/**
 * Counts in Redis, shared by every process. While Redis is away, admissions fall back to
 * this process's own counts (the limits keep protecting each process; they must not take
 * the service down with their store), and the next heartbeat restores the shared counts.
 */
export class RedisConnectionLimits implements ConnectionLimits {
  private readonly counts = new LocalCounts();
  private readonly processId = randomUUID();
  private readonly processesKey: string;
  private readonly hashPrefix: string;
  private readonly heartbeat: NodeJS.Timeout;
  private lastWarning = 0;
  private everReady = false;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly settings: ConnectionLimitSettings,
    private readonly logger: Logger,
    private readonly ttlMs = COUNT_TTL_MS,
  ) {
    this.processesKey = `${keyPrefix}ws-connections`;
    this.hashPrefix = `${keyPrefix}ws-connections:`;
    this.heartbeat = setInterval(() => void this.beat(), ttlMs / 3);
    this.heartbeat.unref();
  }

  private get hashKey(): string {
    return this.hashPrefix + this.processId;
  }

  async admit(principal: string): Promise<Admission> {
    let admitted: boolean;
    let principalCount: number;
    let total: number;
    try {
      [admitted, principalCount, total] = await this.admitInRedis(principal);
    } catch (err) {
      this.warn(err);
      this.counts.add(principal, -1);
      const reason = refusal(this.settings, this.counts.of(principal), this.counts.total);
      if (reason) return { admitted: false, reason };
      this.counts.add(principal, 1);
      return { admitted: true, release: this.releaser(principal) };
    }
    if (!admitted) {
      this.counts.add(principal, -1);
      return {
        admitted: false,
        reason: refusal(this.settings, principalCount, total) ?? 'the connection limit is reached',
      };
    }
    return { admitted: true, release: this.releaser(principal) };
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    try {
      await this.redis.multi().del(this.hashKey).zrem(this.processesKey, this.processId).exec();
    } catch (err) {
      this.warn(err);
    }
    this.redis.disconnect();
  }

  /** Counts the connection in this process too, admitted or not: the caller takes it back when refused. */
  private async admitInRedis(principal: string): Promise<[boolean, number, number]> {
    await this.firstConnection();
    // Counted as the script is sent: a heartbeat sent after it (same connection, so run
    // after it) then keeps the place rather than erasing it.
    this.counts.add(principal, 1);
    const [admitted, principalCount, total] = (await this.redis.eval(
      ADMIT_SCRIPT,
      2,
      this.processesKey,
      this.hashKey,
      this.hashPrefix,
      principal,
      this.settings.maxPerPrincipal,
      this.settings.maxTotal,
      this.ttlMs,
      this.processId,
    )) as [number, number, number];
    return [admitted === 1, principalCount, total];
  }

  private isReady(): boolean {
    return this.redis.status === 'ready';
  }

  /** Right after start the client may still be connecting: wait for it once, briefly. */
  private async firstConnection(): Promise<void> {
    if (this.everReady || this.isReady()) {
      this.everReady = true;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, FIRST_CONNECTION_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.redis.once('ready', done);
    });
    this.everReady = this.isReady();
  }

  private releaser(principal: string): () => void {
    return once(() => {
      this.counts.add(principal, -1);
      this.redis
        .eval(RELEASE_SCRIPT, 1, this.hashKey, principal)
        .catch((err: unknown) => this.warn(err));
    });
  }

  private async beat(): Promise<void> {
    try {
      await this.redis.eval(
        HEARTBEAT_SCRIPT,
        2,
        this.processesKey,
        this.hashKey,
        JSON.stringify(this.counts.toFields()),
        this.ttlMs,
        this.processId,
      );
    } catch (err) {
      this.warn(err);
    }
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err }, 'connection counts in Redis failed; counting this process only');
  }
}

/** Counts in Redis when REDIS_URL is set, otherwise in this process. */
export function createConnectionLimits(config: Config, logger: Logger): ConnectionLimits {
  const settings = {
    maxPerPrincipal: config.subscriptions.maxConnectionsPerPrincipal,
    maxTotal: config.subscriptions.maxConnections,
  };
  if (config.redis.url === null) return new MemoryConnectionLimits(settings);
  const redis = new Redis(config.redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  redis.on('error', (err: unknown) => logger.debug({ err }, 'connection limit Redis error'));
  return new RedisConnectionLimits(redis, config.redis.channelPrefix, settings, logger);
}
