import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Totals per stream and consumer group, kept by every connector process in its batches. */
@Entity({ tableName: 'connector_stream' })
export class ConnectorStream {
  @PrimaryKey({ type: 'text' })
  stream!: string;

  @PrimaryKey({ type: 'text' })
  consumerGroup!: string;

  @Property({ type: 'bigint' })
  processed: string = '0';

  @Property({ type: 'bigint' })
  parked: string = '0';

  @Property({ type: 'timestamptz', nullable: true })
  lastEventAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
