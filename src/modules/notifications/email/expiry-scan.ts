import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationsConfig } from '../../../config';
import type { JobQueue } from '../../issuance';
import { emailJob } from '../notification-jobs';
import { EmailKind, EmailStatus } from './email-kind';

/**
 * Available credentials that expire within the lead time (an ISO-8601 duration, which
 * PostgreSQL reads as an interval) and have no EXPIRING e-mail yet get one.
 */
const DUE_SQL = `
insert into email_notification (id, credential_id, kind, status, attempts, created_at, updated_at)
select gen_random_uuid(), c.id, '${EmailKind.EXPIRING}', '${EmailStatus.PENDING}', 0, now(), now()
from credential c
where c.status = 'AVAILABLE' and c.expires_at > now() and c.expires_at <= now() + ?::interval
on conflict (credential_id, kind) do nothing
returning id`;

/** One scan: the new notifications and their jobs in one transaction; returns how many. */
export async function scanExpiringCredentials(
  em: EntityManager,
  jobs: JobQueue,
  config: NotificationsConfig,
): Promise<number> {
  if (!config.email.smtpUrl) return 0;
  return em.transactional(async (tx) => {
    const rows = await tx.execute<{ id: string }[]>(DUE_SQL, [config.email.expiryLead]);
    await jobs.insertInTransaction(
      tx,
      rows.map((row) => emailJob(config, row.id)),
    );
    return rows.length;
  });
}
