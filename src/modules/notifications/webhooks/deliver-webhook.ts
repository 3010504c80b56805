import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../shared/logger';
import { postWebhook, type PostOptions } from './post-webhook';
import { signWebhook } from './signature';
import { WebhookDeliveryStatus, type WebhookAttemptRecord } from './webhook-delivery.entity';

const LOAD_SQL = `
select d.id, d.message_id, d.body, d.attempt_count, e.url, e.secret
from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
where d.id = ? and d.status = '${WebhookDeliveryStatus.PENDING}'`;

/** Appends the attempt to the log (its latest 50 kept) and settles the status. */
const RECORD_SQL = `
update webhook_delivery set
  attempt_count = attempt_count + 1,
  attempts = (select coalesce(jsonb_agg(a order by n), '[]'::jsonb) from (
    select a, n from jsonb_array_elements(attempts || ?::jsonb) with ordinality as t(a, n)
    order by n desc limit 50) latest),
  status = ?, delivered_at = ?, updated_at = now()
where id = ?`;

interface Loaded {
  id: string;
  message_id: string;
  body: string;
  attempt_count: number;
  url: string;
  secret: string;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

export interface DeliverDeps {
  em: () => EntityManager;
  post: PostOptions;
  logger: Logger;
}

/** One attempt of one delivery, signed as it is sent; `finalAttempt`: no retry follows a failure. */
export async function deliverWebhook(
  deps: DeliverDeps,
  deliveryId: string,
  finalAttempt: boolean,
): Promise<DeliveryOutcome> {
  const em = deps.em();
  const [delivery] = await em.execute<Loaded[]>(LOAD_SQL, [deliveryId]);
  if (!delivery) return 'skipped';
  const at = new Date();
  const headers = signWebhook(
    delivery.secret,
    delivery.message_id,
    Math.floor(at.getTime() / 1000),
    delivery.body,
  );
  const result = await postWebhook(delivery.url, { ...headers }, delivery.body, deps.post);
  const delivered = result.error === null;
  const record: WebhookAttemptRecord = {
    attempt: delivery.attempt_count + 1,
    at: at.toISOString(),
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: result.error,
    response: result.response,
  };
  const status = delivered
    ? WebhookDeliveryStatus.DELIVERED
    : finalAttempt
      ? WebhookDeliveryStatus.FAILED
      : WebhookDeliveryStatus.PENDING;
  await em.execute(RECORD_SQL, [
    JSON.stringify([record]),
    status,
    delivered ? at : null,
    delivery.id,
  ]);
  if (!delivered) {
    deps.logger.info(
      { deliveryId, attempt: record.attempt, error: result.error, finalAttempt },
      'webhook delivery attempt failed',
    );
  }
  return delivered ? 'delivered' : finalAttempt ? 'failed' : 'retry';
}
