import { loadConfig } from '../../src/config';

describe('notification settings', () => {
  it('default to no e-mail, a 30-day lead and public webhook targets only', () => {
    expect(loadConfig({}).notifications).toEqual({
      email: {
        smtpUrl: null,
        from: null,
        expiryLead: 'P30D',
        expiryScanCron: '7 * * * *',
        retryLimit: 8,
        retryDelaySeconds: 30,
      },
      webhooks: { allowPrivate: false, timeoutMs: 10_000, retryLimit: 8, retryDelaySeconds: 30 },
    });
  });

  it('read SMTP, the lead time and the webhook settings', () => {
    expect(
      loadConfig({
        SMTP_URL: 'smtps://mailer:s3cret@smtp.example.org:465',
        SMTP_FROM: 'Laurel <no-reply@example.org>',
        NOTIFY_EXPIRY_LEAD: 'p2w',
        NOTIFY_EXPIRY_CRON: 'off',
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_TIMEOUT_MS: '2500',
      }).notifications,
    ).toMatchObject({
      email: {
        smtpUrl: 'smtps://mailer:s3cret@smtp.example.org:465',
        from: 'Laurel <no-reply@example.org>',
        expiryLead: 'P2W',
        expiryScanCron: null,
      },
      webhooks: { allowPrivate: true, timeoutMs: 2500 },
    });
  });

  it.each([
    [{ SMTP_URL: 'smtp://mail.example.org' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'http://mailer:s3cret@mail.example.org', SMTP_FROM: 'x@example.org' }, 'SMTP_URL'],
    [{ NOTIFY_EXPIRY_LEAD: '30 days' }, 'NOTIFY_EXPIRY_LEAD'],
    [{ WEBHOOK_ALLOW_PRIVATE: 'maybe' }, 'WEBHOOK_ALLOW_PRIVATE'],
  ])('refuse %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
    expect(() => loadConfig(env)).not.toThrow('s3cret');
  });
});
