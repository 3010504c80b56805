import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Timestamps } from '../../../shared/timestamps';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export enum WebhookDeliveryStatus {
  /** Queued, or waiting for its next retry. */
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Every retry failed; `redeliverWebhook` tries again. */
  FAILED = 'FAILED',
}

/** One attempt as the delivery log shows it. */
export interface WebhookAttemptRecord {
  attempt: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The start of the response body. */
  response: string | null;
}

/**
 * One event for one endpoint: the body is fixed when the event happens, so retries and
 * redeliveries send the same bytes under the same `webhook-id` (receivers deduplicate by it).
 */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ name: 'webhook_delivery_endpoint_message_unique', properties: ['endpoint', 'messageId'] })
@Index({ name: 'webhook_delivery_endpoint_created_index', properties: ['endpoint', 'createdAt'] })
export class WebhookDelivery extends Timestamps {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WebhookEndpoint, { deleteRule: 'cascade' })
  endpoint!: WebhookEndpoint;

  /** The `webhook-id` header: `msg_` + the event's id, the same for every endpoint. */
  @Property({ type: 'text' })
  messageId!: string;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'text' })
  credentialId!: string;

  /** The JSON body, exactly as sent. */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => WebhookDeliveryStatus })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attemptCount: number = 0;

  /** The latest attempts, oldest first (at most 50 are kept). */
  @Property({ type: 'jsonb', default: '[]' })
  attempts: WebhookAttemptRecord[] = [];

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;
}
