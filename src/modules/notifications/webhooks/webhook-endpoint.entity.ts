import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Timestamps } from '../../../shared/timestamps';

/** A URL that receives credential events, signed with its own secret (admins register them). */
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpoint extends Timestamps {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  url!: string;

  /** The event types it receives; empty: every type, including types added later. */
  @Property({ type: 'text[]' })
  events: string[] = [];

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** `whsec_` + base64 of 32 random bytes; shown once, when the endpoint is created. */
  @Property({ type: 'text' })
  secret!: string;
}
