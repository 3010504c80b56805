import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Timestamps } from '../timestamps';

/** One key's hits in its current fixed window (see PostgresRateLimiter); rows expire. */
@Entity({ tableName: 'rate_limit_window' })
export class RateLimitWindow extends Timestamps {
  /** `<limiter>:<client key>`. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'timestamptz' })
  windowStart!: Date;

  @Property({ type: 'int' })
  hits!: number;
}
