import nodemailer from 'nodemailer';

/** One message out through SMTP. */
export interface Mailer {
  send(message: {
    to: string;
    subject: string;
    text: string;
    html: string;
    /** The language of the text (a BCP 47 tag), sent as Content-Language. */
    locale: string;
    /** Ties retries of one notification together at the receiving end. */
    notificationId: string;
  }): Promise<{ messageId: string }>;
  close(): void;
}

/** An SMTP error the server gave as permanent (5xx): retrying would be refused again. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** nodemailer on SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for implicit TLS). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  // Attempts end well within the job's expiry, so that a retry never overlaps one still running.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          'Content-Language': message.locale,
          'X-Laurel-Notification': message.notificationId,
        },
      });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
