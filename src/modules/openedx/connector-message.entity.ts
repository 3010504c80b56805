import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every bus message handled (applied, parked or ignored), by its CloudEvent `id`: a message
 * delivered again is acknowledged without effect. Rows older than the retention are pruned.
 */
@Entity({ tableName: 'connector_message' })
@Index({ name: 'connector_message_handled_at_index', properties: ['handledAt'] })
export class ConnectorMessage {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  stream!: string;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  handledAt: Date = new Date();
}
