import { boolean, ConfigError, cron, type Env, integer, text, url } from './config-values';

/** E-mail to learners and webhooks to admins' endpoints (docs/notifications.md). */
export interface NotificationsConfig {
  email: {
    /** SMTP_URL (smtp:// or smtps://, user and password in the URL); null = no e-mail. */
    smtpUrl: string | null;
    /** SMTP_FROM: the sender, e.g. `Laurel <no-reply@example.org>`. */
    from: string | null;
    /** NOTIFY_EXPIRY_LEAD: how long before expiry the learner is told (ISO-8601 duration). */
    expiryLead: string;
    /** NOTIFY_EXPIRY_CRON: when the expiry scan runs; null = never. */
    expiryScanCron: string | null;
    retryLimit: number;
    retryDelaySeconds: number;
  };
  webhooks: {
    /** WEBHOOK_ALLOW_PRIVATE: deliver to loopback, private and link-local addresses too. */
    allowPrivate: boolean;
    /** One delivery attempt (connect, send, read the response) longer than this fails. */
    timeoutMs: number;
    retryLimit: number;
    /** Base delay before the first retry; doubles with each retry (with jitter). */
    retryDelaySeconds: number;
  };
}

const ISO_DURATION =
  /^P(?!$)(?:\d{1,4}Y)?(?:\d{1,5}M)?(?:\d{1,5}W)?(?:\d{1,6}D)?(?:T(?!$)(?:\d{1,7}H)?(?:\d{1,9}M)?(?:\d{1,10}S)?)?$/;

function duration(env: Env, name: string, fallback: string): string {
  const raw = (text(env, name) ?? fallback).toUpperCase();
  if (!ISO_DURATION.test(raw)) {
    throw new ConfigError(name, 'an ISO-8601 duration such as P30D or P2W', raw);
  }
  return raw;
}

export function notificationsConfig(env: Env): NotificationsConfig {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const from = text(env, 'SMTP_FROM');
  if (smtpUrl !== null && from === null) {
    throw new ConfigError('SMTP_FROM', 'a sender address (SMTP_URL is set)', '');
  }
  return {
    email: {
      smtpUrl,
      from,
      expiryLead: duration(env, 'NOTIFY_EXPIRY_LEAD', 'P30D'),
      expiryScanCron: cron(env, 'NOTIFY_EXPIRY_CRON', '7 * * * *'),
      retryLimit: integer(env, 'NOTIFY_RETRY_LIMIT', 8, 0, 100),
      retryDelaySeconds: integer(env, 'NOTIFY_RETRY_DELAY_SECONDS', 30, 1, 86_400),
    },
    webhooks: {
      allowPrivate: boolean(env, 'WEBHOOK_ALLOW_PRIVATE', false),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      retryLimit: integer(env, 'WEBHOOK_RETRY_LIMIT', 8, 0, 100),
      retryDelaySeconds: integer(env, 'WEBHOOK_RETRY_DELAY_SECONDS', 30, 1, 86_400),
    },
  };
}
