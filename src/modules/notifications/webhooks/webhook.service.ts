import type { EntityManager } from '@mikro-orm/postgresql';
import { CREDENTIAL_EVENT_TYPES, type CredentialEventType } from '../../../shared/events';
import { DomainError, InputError, notFound } from '../../../shared/errors';
import { isUuid } from '../../../shared/keys';
import type { NotificationsConfig } from '../../../config';
import type { JobQueue } from '../../issuance';
import { webhookJob } from '../notification-jobs';
import { blockedAddressOf, BlockedAddressError } from './address-guard';
import { newWebhookSecret } from './signature';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const MAX_URL_LENGTH = 2000;
const MAX_DESCRIPTION_LENGTH = 500;
const MAX_DELIVERIES_PAGE = 200;

export interface WebhookServiceDeps {
  config: NotificationsConfig;
  /** Absent where no job queue runs (redelivery is refused). */
  jobs: JobQueue | null;
}

/** Parses a receiver URL: http(s), no user info, and (unless allowed) a public address. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<string> {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw InputError.of('url', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw InputError.of('url', 'must be an absolute http(s) URL');
  }
  if (text.length > MAX_URL_LENGTH) {
    throw InputError.of('url', `must be at most ${MAX_URL_LENGTH} characters`);
  }
  if (url.username || url.password) {
    throw InputError.of('url', 'must not carry a user name or password');
  }
  if (!allowPrivate) {
    let blocked: string | null;
    try {
      blocked = await blockedAddressOf(url);
    } catch {
      throw InputError.of('url', `its host ${url.hostname} does not resolve`);
    }
    if (blocked !== null) {
      throw InputError.of('url', new BlockedAddressError(url.hostname, blocked).message);
    }
  }
  return url.toString();
}

function checkEvents(events: readonly string[] | null | undefined): string[] {
  const unique = [...new Set(events ?? [])];
  const unknown = unique.find(
    (type) => !CREDENTIAL_EVENT_TYPES.includes(type as CredentialEventType),
  );
  if (unknown !== undefined) throw InputError.of('events', `"${unknown}" is not an event type`);
  return unique;
}

/** Admins' webhook endpoints and their delivery log. Callers authorize. */
export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: WebhookServiceDeps,
  ) {}

  async create(input: {
    url: string;
    events?: readonly string[] | null;
    description?: string | null;
  }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const description = input.description?.trim() || null;
    if (description !== null && description.length > MAX_DESCRIPTION_LENGTH) {
      throw InputError.of('description', `must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
    }
    const events = checkEvents(input.events);
    const url = await checkWebhookUrl(input.url, this.deps.config.webhooks.allowPrivate);
    const secret = newWebhookSecret();
    const endpoint = this.em.create(WebhookEndpoint, { url, events, description, secret });
    await this.em.persistAndFlush(endpoint);
    return { endpoint, secret };
  }

  async delete(id: string): Promise<boolean> {
    const endpoint = await this.endpoint(id);
    await this.em.removeAndFlush(endpoint);
    return true;
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.em.find(WebhookEndpoint, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async deliveries(endpointId: string, first: number): Promise<WebhookDelivery[]> {
    if (first < 1 || first > MAX_DELIVERIES_PAGE) {
      throw InputError.of('first', `must be from 1 to ${MAX_DELIVERIES_PAGE}`);
    }
    const endpoint = await this.endpoint(endpointId, 'endpointId');
    return this.em.find(
      WebhookDelivery,
      { endpoint },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first },
    );
  }

  /** Sends a delivery again (same id and body, new signature); refused while one is under way. */
  async redeliver(deliveryId: string): Promise<WebhookDelivery> {
    const jobs = this.deps.jobs;
    if (!jobs) throw new DomainError('CONFLICT', 'No job queue runs in this process');
    if (!isUuid(deliveryId)) throw notFound('Webhook delivery', deliveryId);
    return this.em.transactional(async (em) => {
      const [row] = await em.execute<{ id: string }[]>(
        `update webhook_delivery set status = '${WebhookDeliveryStatus.PENDING}', updated_at = now()
         where id = ? and status <> '${WebhookDeliveryStatus.PENDING}' returning id`,
        [deliveryId],
      );
      const delivery = await em.findOne(WebhookDelivery, { id: deliveryId }, { refresh: true });
      if (!delivery) throw notFound('Webhook delivery', deliveryId);
      if (!row) {
        throw new DomainError('CONFLICT', 'This delivery is still being attempted');
      }
      await jobs.insertInTransaction(em, [webhookJob(this.deps.config, delivery.id)]);
      return delivery;
    });
  }

  private async endpoint(id: string, field = 'id'): Promise<WebhookEndpoint> {
    const endpoint = isUuid(id) ? await this.em.findOne(WebhookEndpoint, { id }) : null;
    if (!endpoint)
      throw new DomainError('NOT_FOUND', `Webhook endpoint "${id}" was not found`, { field });
    return endpoint;
  }
}
