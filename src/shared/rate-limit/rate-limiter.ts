import { DomainError } from '../errors';

/** Thrown when a client has used up its budget for the current window. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    what = 'verification requests',
  ) {
    super('RATE_LIMITED', `Too many ${what}; retry in ${retryAfterSeconds} s`, {
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

/** A budget of `limit` requests per key and window, wherever the counts are kept. */
export interface RateLimiter {
  readonly limit: number;
  /** Counts `cost` requests (default 1) for `key` and tells whether they may proceed. */
  hit(key: string, cost?: number): Promise<RateLimitDecision>;
  close?(): Promise<void>;
}

export const UNLIMITED: RateLimitDecision = Object.freeze({
  allowed: true,
  limit: 0,
  remaining: Number.POSITIVE_INFINITY,
  retryAfterSeconds: 0,
});

/** The decision for a window of `windowMs` holding `count` hits that ends in `resetsInMs`. */
export function decide(limit: number, count: number, resetsInMs: number): RateLimitDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil(resetsInMs / 1000)),
  };
}
