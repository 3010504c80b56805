import type Redis from 'ioredis';
import type { Config } from '../../config';
import type { Orm } from '../../db/orm';
import type { Logger } from '../logger';
import { PostgresRateLimiter } from './postgres-rate-limiter';
import { type RateLimitDecision, type RateLimiter, UNLIMITED } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

export { clientKey } from './client-key';
export { RateLimitedError, type RateLimitDecision, type RateLimiter } from './rate-limiter';

/**
 * A limiter that lets requests through when its store fails (PostgreSQL or Redis away):
 * limits protect the service, they must not take it down with their store. The failure is
 * logged, at most every 10 s.
 */
class FailOpen implements RateLimiter {
  private lastWarning = 0;

  constructor(
    private readonly inner: RateLimiter,
    private readonly logger: Logger,
  ) {}

  get limit(): number {
    return this.inner.limit;
  }

  async hit(key: string, cost?: number): Promise<RateLimitDecision> {
    try {
      return await this.inner.hit(key, cost);
    } catch (err) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err }, 'rate limit store failed; letting requests through');
      }
      return UNLIMITED;
    }
  }
}

export interface RateLimiters {
  /** verifyCredential and /verify, per client address. */
  verify: RateLimiter | null;
  /** Mutation fields, per caller. */
  mutations: RateLimiter | null;
  /** Queries costing EXPENSIVE_QUERY_COST or more, per caller. */
  expensiveQueries: RateLimiter | null;
  /** Certificate previews (GraphQL and HTTP), per caller. */
  previews: RateLimiter | null;
  close(): Promise<void>;
}

/** The process's limiters: counts in Redis when REDIS_URL is set, otherwise in PostgreSQL. */
export function createRateLimiters(config: Config, orm: Orm, logger: Logger): RateLimiters {
  const wanted =
    config.verification.rateLimitPerMinute > 0 ||
    config.mutationRateLimitPerMinute > 0 ||
    config.queryRateLimitPerMinute > 0 ||
    config.previewRateLimitPerMinute > 0;
  let redis: Redis | null = null;
  if (config.redis.url !== null && wanted) {
    redis = RedisRateLimiter.connect(config.redis.url);
    redis.on('error', (err: unknown) => logger.debug({ err }, 'rate limit Redis error'));
  }
  const make = (name: string, limit: number): RateLimiter | null => {
    if (limit === 0) return null;
    const store =
      redis !== null
        ? new RedisRateLimiter(redis, `${config.redis.channelPrefix}rate:${name}`, limit)
        : new PostgresRateLimiter(orm, name, limit);
    return new FailOpen(store, logger);
  };
  return {
    verify: make('verify', config.verification.rateLimitPerMinute),
    mutations: make('mutation', config.mutationRateLimitPerMinute),
    expensiveQueries: make('expensive-query', config.queryRateLimitPerMinute),
    previews: make('preview', config.previewRateLimitPerMinute),
    close: async () => {
      redis?.disconnect();
    },
  };
}
