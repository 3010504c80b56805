import type { Orm } from '../../db/orm';
import { decide, type RateLimitDecision, type RateLimiter, UNLIMITED } from './rate-limiter';

/**
 * Windows are aligned to the database's clock (every process agrees on where one starts and
 * ends), one row per key; a hit in a newer window starts the count again.
 */
const HIT_SQL = `
insert into rate_limit_window as r (key, window_start, hits)
values (?, to_timestamp(floor(extract(epoch from clock_timestamp()) * 1000 / ?) * ? / 1000.0), ?)
on conflict (key) do update set
  hits = case when r.window_start = excluded.window_start then r.hits + excluded.hits
              else excluded.hits end,
  window_start = excluded.window_start,
  updated_at = now()
returning hits,
  (extract(epoch from window_start - clock_timestamp()) * 1000)::float8 as start_offset_ms`;

const SWEEP_SQL = `
delete from rate_limit_window
where key like ? and window_start < clock_timestamp() - ? * interval '1 millisecond'`;

/** A fixed-window budget per key kept in PostgreSQL, so every process shares it. */
export class PostgresRateLimiter implements RateLimiter {
  private lastSweep = 0;

  constructor(
    private readonly orm: Orm,
    /** Prefix of this limiter's keys (`verify`, `mutation`). */
    private readonly name: string,
    readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  async hit(key: string, cost = 1): Promise<RateLimitDecision> {
    if (this.limit === 0) return UNLIMITED;
    const connection = this.orm.em.getConnection();
    const [row] = await connection.execute<{ hits: number; start_offset_ms: number }[]>(HIT_SQL, [
      `${this.name}:${key}`,
      this.windowMs,
      this.windowMs,
      cost,
    ]);
    this.sweepSometimes();
    return decide(this.limit, row!.hits, row!.start_offset_ms + this.windowMs);
  }

  /** Drops ended windows of this limiter, at most once per window length and process. */
  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    this.orm.em
      .getConnection()
      .execute(SWEEP_SQL, [`${this.name}:%`, this.windowMs])
      .catch(() => {
        // The next sweep will catch up.
      });
  }
}
