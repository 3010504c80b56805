import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';

/**
 * A dead letter: a bus message that could not be decoded, had an unknown type or named
 * something Laurel does not know. It was acknowledged (the stream goes on) and is kept here,
 * bytes and all, until an admin replays it.
 */
@ObjectType({ description: 'A bus message that could not be applied (admins only).' })
@Entity({ tableName: 'connector_failure' })
@Unique({ name: 'connector_failure_stream_message_unique', properties: ['stream', 'entryId'] })
@Index({ name: 'connector_failure_unresolved_index', properties: ['resolvedAt', 'id'] })
export class ConnectorFailure extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'The Redis stream it was read from.' })
  @Property({ type: 'text' })
  stream!: string;

  @Field({ description: 'Its Redis stream entry id.' })
  @Property({ type: 'text' })
  entryId!: string;

  @Field(() => String, { nullable: true, description: 'The CloudEvent id (entry field `id`).' })
  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Field(() => String, { nullable: true, description: 'The entry field `type`.' })
  @Property({ type: 'text', nullable: true })
  eventType: string | null = null;

  @Field()
  @Property({ type: 'text' })
  reason!: string;

  /** The entry's `event_data` bytes as read. */
  @Property({ type: 'blob', nullable: true })
  eventData: Buffer | null = null;

  /** Every other field of the entry, as text (invalid UTF-8 replaced). */
  @Property({ type: 'jsonb' })
  fields!: Record<string, string>;

  @Field()
  @Property({ type: 'timestamptz' })
  firstSeenAt!: Date;

  @Field()
  @Property({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Field(() => Int, { description: 'Times it was read or replayed without success.' })
  @Property({ type: 'integer' })
  attempts: number = 1;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;
}
