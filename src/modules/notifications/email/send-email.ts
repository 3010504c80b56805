import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../shared/logger';
import { EmailKind, EmailStatus } from './email-kind';
import { isPermanentSmtpError, type Mailer } from './mailer';
import { renderEmail } from './render-email';

/**
 * The claim: only a PENDING notification is sent, and one attempt at a time. An attempt that
 * crashes after the server took the message leaves it SENDING: it is not sent again
 * (at most once).
 */
const CLAIM_SQL = `
update email_notification set status = '${EmailStatus.SENDING}', attempts = attempts + 1, updated_at = now()
where id = ? and status = '${EmailStatus.PENDING}'
returning id, kind, credential_id`;

const FACTS_SQL = `
select l.email, c.learner_name, c.configuration_name, c.context_title, c.verification_id,
  c.status, c.expires_at, c.reason, cc.locale
from credential c
join learner l on l.id = c.learner_id
join credential_configuration cc on cc.id = c.configuration_id
where c.id = ?`;

const SETTLE_SQL = `
update email_notification set status = ?, last_error = ?, recipient = ?, locale = ?,
  message_id = ?, sent_at = ?, updated_at = now()
where id = ?`;

interface Claimed {
  id: string;
  kind: EmailKind;
  credential_id: string;
}

interface Facts {
  email: string | null;
  learner_name: string;
  configuration_name: string;
  context_title: string;
  verification_id: string;
  status: string;
  expires_at: Date | null;
  reason: string | null;
  locale: string | null;
}

export type SendOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/** Why an e-mail of this kind no longer applies to the credential as it is now. */
function staleReason(kind: EmailKind, facts: Facts): string | null {
  if (kind === EmailKind.REVOKED) return facts.status === 'REVOKED' ? null : 'not revoked';
  if (facts.status !== 'AVAILABLE') return `the credential is ${facts.status}`;
  if (kind === EmailKind.EXPIRING && (!facts.expires_at || facts.expires_at <= new Date())) {
    return 'the credential does not expire soon';
  }
  return null;
}

export interface SendEmailDeps {
  em: () => EntityManager;
  mailer: Mailer;
  publicUrl: string;
  logger: Logger;
}

/** One attempt of one notification; `finalAttempt`: a failure will not be retried. */
export async function sendEmailNotification(
  deps: SendEmailDeps,
  notificationId: string,
  finalAttempt: boolean,
): Promise<SendOutcome> {
  const em = deps.em();
  const [claimed] = await em.execute<Claimed[]>(CLAIM_SQL, [notificationId]);
  if (!claimed) return 'skipped';
  const settle = (
    status: EmailStatus,
    fields: {
      error?: string | null;
      to?: string | null;
      locale?: string | null;
      messageId?: string;
    } = {},
  ) =>
    em.execute(SETTLE_SQL, [
      status,
      fields.error ?? null,
      fields.to ?? null,
      fields.locale ?? null,
      fields.messageId ?? null,
      status === EmailStatus.SENT ? new Date() : null,
      claimed.id,
    ]);
  const [facts] = await em.execute<Facts[]>(FACTS_SQL, [claimed.credential_id]);
  const skip = !facts
    ? 'the credential is gone'
    : !facts.email
      ? 'the learner has no e-mail address'
      : staleReason(claimed.kind, facts);
  if (skip !== null || !facts?.email) {
    deps.logger.info(
      { notificationId, credentialId: claimed.credential_id, kind: claimed.kind, reason: skip },
      'e-mail notification skipped',
    );
    await settle(EmailStatus.SKIPPED, { error: skip });
    return 'skipped';
  }
  const email = renderEmail({
    kind: claimed.kind,
    locale: facts.locale,
    learnerName: facts.learner_name,
    credentialName: facts.configuration_name,
    contextTitle: facts.context_title,
    verificationUrl: `${deps.publicUrl}/verify/${facts.verification_id}`,
    expiresAt: facts.expires_at ? new Date(facts.expires_at) : null,
    reason: facts.reason,
  });
  try {
    const { messageId } = await deps.mailer.send({
      to: facts.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      locale: email.locale,
      notificationId: claimed.id,
    });
    await settle(EmailStatus.SENT, { to: facts.email, locale: email.locale, messageId });
    return 'sent';
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const permanent = isPermanentSmtpError(error);
    const last = finalAttempt || permanent;
    deps.logger.warn(
      { err: error, notificationId, permanent, finalAttempt },
      'sending an e-mail notification failed',
    );
    await settle(last ? EmailStatus.FAILED : EmailStatus.PENDING, {
      error: message,
      to: facts.email,
      locale: email.locale,
    });
    return last ? 'failed' : 'retry';
  }
}
