import type PgBoss from 'pg-boss';
import type { Config } from '../../config';
import type { Orm } from '../../db/orm';
import type { CredentialEventPayload } from '../../shared/events';
import type { Logger } from '../../shared/logger';
import type { JobQueue } from '../issuance';
import { recordCredentialEvent } from './dispatch';
import { scanExpiringCredentials } from './email/expiry-scan';
import { type Mailer, smtpMailer } from './email/mailer';
import { sendEmailNotification } from './email/send-email';
import {
  createNotificationQueues,
  EMAIL_QUEUE,
  type EmailJobData,
  EXPIRY_SCAN_QUEUE,
  WEBHOOK_QUEUE,
  type WebhookJobData,
} from './notification-jobs';
import { deliverWebhook } from './webhooks/deliver-webhook';

export interface NotificationsRuntime {
  /**
   * Records the e-mail and webhook deliveries of a credential event in a transaction of its
   * own. Publishers write them in their change's transaction instead (credentialEventOutbox);
   * this is for an event replayed by hand: its e-mail is never sent twice.
   */
  onCredentialEvent(event: CredentialEventPayload): Promise<void>;
  /** One expiry scan now (worker processes also run it on NOTIFY_EXPIRY_CRON); returns the e-mails queued. */
  scanExpiring(): Promise<number>;
  stop(): void;
}

/** How often an idle worker looks for notification jobs. */
const POLL_SECONDS = 1;

const isFinal = (job: PgBoss.JobWithMetadata) => job.retryCount >= job.retryLimit;

/**
 * E-mail and webhooks of credential events. Every role records them; `worker` and `all` send
 * them (pg-boss retries with backoff) and run the expiry scan on its schedule.
 */
export async function startNotifications(options: {
  config: Config;
  orm: Orm;
  jobs: JobQueue;
  logger: Logger;
  /** Tests: the mailer instead of SMTP_URL's. */
  mailer?: Mailer;
}): Promise<NotificationsRuntime> {
  const { config, orm, jobs, logger } = options;
  const settings = config.notifications;
  const em = () => orm.em.fork();
  const worker = config.role === 'all' || config.role === 'worker';
  await createNotificationQueues(jobs, settings);
  const { smtpUrl, from } = settings.email;
  const mailer = options.mailer ?? (worker && smtpUrl && from ? smtpMailer(smtpUrl, from) : null);
  const scanExpiring = () => scanExpiringCredentials(em(), jobs, settings);

  if (worker) {
    const { boss } = jobs;
    const workOptions = {
      batchSize: 1,
      pollingIntervalSeconds: POLL_SECONDS,
      includeMetadata: true as const,
    };
    const wake = (workerId: string) => jobs.onWakeUp(() => boss.notifyWorker(workerId));
    if (mailer) {
      const emailWorker = await boss.work<EmailJobData>(
        EMAIL_QUEUE,
        workOptions,
        async ([job]: PgBoss.JobWithMetadata<EmailJobData>[]) => {
          const outcome = await sendEmailNotification(
            { em, mailer, publicUrl: config.publicUrl, logger },
            job.data.notificationId,
            isFinal(job),
          );
          if (outcome === 'retry') throw new Error('the SMTP server did not take the message');
        },
      );
      wake(emailWorker);
    }
    const webhookWorker = await boss.work<WebhookJobData>(
      WEBHOOK_QUEUE,
      workOptions,
      async ([job]: PgBoss.JobWithMetadata<WebhookJobData>[]) => {
        const outcome = await deliverWebhook(
          {
            em,
            post: {
              allowPrivate: settings.webhooks.allowPrivate,
              timeoutMs: settings.webhooks.timeoutMs,
            },
            logger,
          },
          job.data.deliveryId,
          isFinal(job),
        );
        if (outcome === 'retry') throw new Error('the receiver did not accept the webhook');
      },
    );
    wake(webhookWorker);
    await boss.work(EXPIRY_SCAN_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      const queued = await scanExpiring();
      logger.info({ queued }, 'expiry scan done');
    });
    if (settings.email.expiryScanCron && smtpUrl) {
      await boss.schedule(EXPIRY_SCAN_QUEUE, settings.email.expiryScanCron, {}, { tz: 'UTC' });
    } else {
      await boss.unschedule(EXPIRY_SCAN_QUEUE);
    }
  }

  return {
    async onCredentialEvent(event) {
      const counts = await em().transactional((tx) =>
        recordCredentialEvent(tx, { jobs, config: settings, publicUrl: config.publicUrl }, event),
      );
      if (counts.emails + counts.deliveries > 0) jobs.wakeUp();
    },
    scanExpiring,
    stop: () => mailer?.close(),
  };
}
