import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { NotificationsConfig } from '../../config';
import type { CredentialEventOutbox, CredentialEventPayload } from '../../shared/events';
import type { JobQueue } from '../issuance';
import { EmailKind } from './email/email-kind';
import { emailJob, webhookJob } from './notification-jobs';

/** The credential events that e-mail the learner; other types (and types added later) do not. */
const EMAIL_OF_EVENT: Readonly<Record<string, EmailKind>> = {
  ISSUED: EmailKind.ISSUED,
  REVOKED: EmailKind.REVOKED,
};

/** At most one e-mail per (credential, kind): a second trigger finds the row and adds nothing. */
const INSERT_EMAIL_SQL = `
insert into email_notification (id, credential_id, kind, status, attempts, created_at, updated_at)
select ?::uuid, c.id, ?, 'PENDING', 0, now(), now() from credential c where c.id = ?
on conflict (credential_id, kind) do nothing
returning id`;

/** One delivery per endpoint that wants this type (an empty list wants every type). */
const INSERT_DELIVERIES_SQL = `
insert into webhook_delivery (id, endpoint_id, message_id, event_type, credential_id, body,
  status, attempt_count, attempts, created_at, updated_at)
select gen_random_uuid(), e.id, ?, ?, ?, ?, 'PENDING', 0, '[]'::jsonb, now(), now()
from webhook_endpoint e
where cardinality(e.events) = 0 or ? = any(e.events)
on conflict (endpoint_id, message_id) do nothing
returning id`;

/** The credential's public id, when some endpoint wants the event (else nothing is sent). */
const WANTED_SQL = `
select c.verification_id from credential c
where c.id = ? and exists (select 1 from webhook_endpoint e
  where cardinality(e.events) = 0 or ? = any(e.events))`;

/** The JSON body of a webhook: Standard Webhooks' `type`, `timestamp`, `data`. */
export function webhookBody(
  event: CredentialEventPayload,
  verificationId: string | null,
  publicUrl: string,
): string {
  return JSON.stringify({
    type: `credential.${event.type.toLowerCase()}`,
    timestamp: event.at,
    data: {
      eventType: event.type,
      credentialId: event.credentialId,
      verificationId,
      verificationUrl: verificationId ? `${publicUrl}/verify/${verificationId}` : null,
      learnerId: event.learnerId,
      configurationId: event.configurationId,
      courseId: event.courseId,
      learningPathId: event.learningPathId,
      at: event.at,
    },
  });
}

export interface DispatchDeps {
  jobs: JobQueue;
  config: NotificationsConfig;
  publicUrl: string;
}

/**
 * Turns one credential event into its e-mail (when SMTP is configured and the type has one)
 * and its webhook deliveries, with their jobs, in `tx`: the transaction of the change itself.
 */
export async function recordCredentialEvent(
  tx: EntityManager,
  deps: DispatchDeps,
  event: CredentialEventPayload,
): Promise<{ emails: number; deliveries: number }> {
  const jobs: PgBoss.JobInsert[] = [];
  const kind = deps.config.email.smtpUrl ? EMAIL_OF_EVENT[event.type] : undefined;
  if (kind) {
    const rows = await tx.execute<{ id: string }[]>(INSERT_EMAIL_SQL, [
      randomUUID(),
      kind,
      event.credentialId,
    ]);
    jobs.push(...rows.map((row) => emailJob(deps.config, row.id)));
  }
  const [wanted] = await tx.execute<{ verification_id: string }[]>(WANTED_SQL, [
    event.credentialId,
    event.type,
  ]);
  const deliveries = wanted
    ? await tx.execute<{ id: string }[]>(INSERT_DELIVERIES_SQL, [
        `msg_${randomUUID()}`,
        event.type,
        event.credentialId,
        webhookBody(event, wanted.verification_id, deps.publicUrl),
        event.type,
      ])
    : [];
  jobs.push(...deliveries.map((row) => webhookJob(deps.config, row.id)));
  await deps.jobs.insertInTransaction(tx, jobs);
  return { emails: jobs.length - deliveries.length, deliveries: deliveries.length };
}

/**
 * The outbox every publisher of credential events writes to (see CredentialEventOutbox).
 * `onQueued` hears of each event that queued an e-mail or a delivery (its senders may look
 * once the change commits); one that queued nothing wakes nobody.
 */
export const credentialEventOutbox =
  (deps: DispatchDeps, onQueued: () => void = () => undefined): CredentialEventOutbox =>
  async (tx, event) => {
    const counts = await recordCredentialEvent(tx, deps, event);
    if (counts.emails + counts.deliveries > 0) onQueued();
  };
