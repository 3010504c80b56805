import { type RateLimitDecision, RateLimitedError, type RateLimiter } from './rate-limiter';

export interface RateLimiterOptions {
  /** Requests allowed per key and window; 0 turns limiting off. */
  limit: number;
  windowMs?: number;
  /** Keys tracked at most; beyond it the oldest window is dropped. */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed-window counter per key, held in this process's memory: for one process and for
 * tests. Several processes share budgets through `PostgresRateLimiter` or `RedisRateLimiter`.
 */
export class FixedWindowRateLimiter implements RateLimiter {
  readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${options.limit}`);
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts `cost` requests for `key` and tells whether they may proceed. */
  consume(key: string, cost = 1): RateLimitDecision {
    if (this.limit === 0) {
      return { allowed: true, limit: 0, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };
    }
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs) {
      if (window !== undefined) this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
      window = { start: now, count: 0 };
      // Re-inserted so the map stays ordered by window start (oldest first).
      this.windows.set(key, window);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    if (window.count + cost > this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, retryAfterSeconds };
    }
    window.count += cost;
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - window.count,
      retryAfterSeconds,
    };
  }

  async hit(key: string, cost = 1): Promise<RateLimitDecision> {
    return this.consume(key, cost);
  }

  /** Like `consume`, but throws `RateLimitedError` when the budget is spent. */
  enforce(key: string): void {
    const decision = this.consume(key);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  /** Drops windows that have ended, at most once per window length. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      // Ordered by start: the first live window ends the sweep.
      if (now - window.start < this.windowMs) break;
      this.windows.delete(key);
    }
  }
}
