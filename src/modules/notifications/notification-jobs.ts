import type PgBoss from 'pg-boss';
import type { NotificationsConfig } from '../../config';
import type { JobQueue } from '../issuance';

/** Queues of the notifications module, on the issuer pipeline's pg-boss. */
export const EMAIL_QUEUE = 'notification.email';
export const WEBHOOK_QUEUE = 'notification.webhook';
export const EXPIRY_SCAN_QUEUE = 'notification.expiry-scan';

export interface EmailJobData {
  notificationId: string;
}

export interface WebhookJobData {
  deliveryId: string;
}

/** An attempt that runs longer than this is taken back by pg-boss (a crashed worker's). */
const EXPIRE_SECONDS = 300;

export async function createNotificationQueues(
  jobs: JobQueue,
  config: NotificationsConfig,
): Promise<void> {
  await jobs.boss.createQueue(EMAIL_QUEUE, {
    name: EMAIL_QUEUE,
    retryLimit: config.email.retryLimit,
    retryDelay: config.email.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: EXPIRE_SECONDS,
  });
  await jobs.boss.createQueue(WEBHOOK_QUEUE, {
    name: WEBHOOK_QUEUE,
    retryLimit: config.webhooks.retryLimit,
    retryDelay: config.webhooks.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: EXPIRE_SECONDS,
  });
  await jobs.boss.createQueue(EXPIRY_SCAN_QUEUE, {
    name: EXPIRY_SCAN_QUEUE,
    retryLimit: 0,
    expireInSeconds: 3600,
  });
}

export const emailJob = (
  config: NotificationsConfig,
  notificationId: string,
): PgBoss.JobInsert<EmailJobData> => ({
  id: notificationId,
  name: EMAIL_QUEUE,
  data: { notificationId },
  retryLimit: config.email.retryLimit,
  retryDelay: config.email.retryDelaySeconds,
  retryBackoff: true,
  expireInSeconds: EXPIRE_SECONDS,
});

export const webhookJob = (
  config: NotificationsConfig,
  deliveryId: string,
): PgBoss.JobInsert<WebhookJobData> => ({
  name: WEBHOOK_QUEUE,
  data: { deliveryId },
  retryLimit: config.webhooks.retryLimit,
  retryDelay: config.webhooks.retryDelaySeconds,
  retryBackoff: true,
  expireInSeconds: EXPIRE_SECONDS,
});
