import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CredentialEventType } from '../../../shared/events';
import { type WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Queued, being attempted or waiting for its next retry.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Every retry failed; redeliverWebhook tries again.' },
  },
});

@ObjectType('WebhookEndpoint', {
  description: 'A URL that receives credential events as signed webhooks (admins).',
})
export class WebhookEndpointView {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [CredentialEventType], {
    description: 'The event types it receives; empty: every type, including types added later.',
  })
  events!: CredentialEventType[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field()
  createdAt!: Date;

  static of(endpoint: WebhookEndpoint): WebhookEndpointView {
    return Object.assign(new WebhookEndpointView(), {
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events as CredentialEventType[],
      description: endpoint.description,
      createdAt: endpoint.createdAt,
    });
  }
}

@ObjectType({ description: 'A new endpoint and its signing secret, shown this once.' })
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpointView)
  endpoint!: WebhookEndpointView;

  @Field({
    description:
      'The signing secret (`whsec_` + base64): keep it, it is never shown again (docs/notifications.md).',
  })
  secret!: string;
}

@ObjectType({ description: 'One attempt of a webhook delivery.' })
export class WebhookAttempt {
  @Field(() => Int)
  attempt!: number;

  @Field()
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when none came.' })
  statusCode!: number | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'The first KiB of the response body.' })
  response!: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One credential event sent to one endpoint.' })
export class WebhookDeliveryView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  endpointId!: string;

  @Field({ description: 'The `webhook-id` header; the same in every retry and redelivery.' })
  messageId!: string;

  @Field(() => CredentialEventType)
  eventType!: CredentialEventType;

  @Field(() => ID)
  credentialId!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far, redeliveries included.' })
  attemptCount!: number;

  @Field(() => [WebhookAttempt], { description: 'The latest attempts (up to 50), oldest first.' })
  attempts!: WebhookAttempt[];

  @Field({ description: 'The JSON body sent.' })
  body!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  static of(delivery: WebhookDelivery): WebhookDeliveryView {
    return Object.assign(new WebhookDeliveryView(), {
      id: delivery.id,
      endpointId: delivery.endpoint.id,
      messageId: delivery.messageId,
      eventType: delivery.eventType as CredentialEventType,
      credentialId: delivery.credentialId,
      status: delivery.status,
      attemptCount: delivery.attemptCount,
      attempts: delivery.attempts.map((attempt) =>
        Object.assign(new WebhookAttempt(), { ...attempt, at: new Date(attempt.at) }),
      ),
      body: delivery.body,
      createdAt: delivery.createdAt,
      deliveredAt: delivery.deliveredAt,
    });
  }
}

@ArgsType()
export class CreateWebhookEndpointArgs {
  @Field({ description: 'http(s) URL; private and loopback addresses are refused (see docs).' })
  url!: string;

  @Field(() => [CredentialEventType], {
    nullable: true,
    description: 'Event types to receive; absent or empty: every type.',
  })
  events?: CredentialEventType[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => ID)
  endpointId!: string;

  @Field(() => Int, { defaultValue: 50, description: 'The latest deliveries, newest first.' })
  first!: number;
}
