import { isIPv6 } from 'node:net';
import { DomainError } from '../../shared/errors';

/** Thrown when a client has used up its verification budget for the current window. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many verification requests; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
    this.name = 'RateLimitedError';
  }
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the client's window resets (at least 1). */
  retryAfterSeconds: number;
}

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
 * A fixed-window counter per key, held in this process's memory. With several api
 * processes each keeps its own counts, so a client may get up to `limit` per process; a
 * shared store (PostgreSQL or Redis) would make the budget global.
 */
export class FixedWindowRateLimiter {
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

  /** Counts one request for `key` and tells whether it may proceed. */
  consume(key: string): RateLimitDecision {
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
    if (window.count >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, retryAfterSeconds };
    }
    window.count += 1;
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - window.count,
      retryAfterSeconds,
    };
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

/**
 * The rate-limit key of a client address: IPv4 (also when written IPv4-mapped, as a
 * dual-stack socket reports it) as is; IPv6 by its /64 prefix, the block one subscriber
 * usually holds, so hopping addresses inside it does not multiply the budget.
 */
export function clientKey(address: string | null | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const withoutZone = address.split('%')[0]!;
  if (!isIPv6(withoutZone)) return address;
  const groups = expandIPv6(withoutZone);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing embedded IPv4 (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}
