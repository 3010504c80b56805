import Redis from 'ioredis';
import { decide, type RateLimitDecision, type RateLimiter, UNLIMITED } from './rate-limiter';

/** INCRBY, and the window's expiry set by its first hit; answers [hits, ms until reset]. */
const HIT_SCRIPT = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[1])
if hits == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {hits, ttl}`;

/** A fixed-window budget per key kept in Redis (REDIS_URL), shared by every process. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** A client that fails fast while Redis is away instead of queueing commands. */
  static connect(url: string): Redis {
    return new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: false,
    });
  }

  async hit(key: string, cost = 1): Promise<RateLimitDecision> {
    if (this.limit === 0) return UNLIMITED;
    const [hits, ttl] = (await this.redis.eval(
      HIT_SCRIPT,
      1,
      `${this.name}:${key}`,
      cost,
      this.windowMs,
    )) as [number, number];
    return decide(this.limit, hits, ttl);
  }
}
