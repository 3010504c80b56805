import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../issuance';
import {
  CredentialStatus,
  LIVE_STATUSES,
  sqlStatuses,
  WITHDRAWN_STATUSES,
} from './credential.enums';

/**
 * The one way credentials come into being: PENDING rows written set-based, with their
 * generation jobs, in the caller's transaction. The partial unique index on (learner,
 * configuration) makes concurrent triggers converge: a pair that already has a live
 * credential gets nothing new.
 */

export interface LearnerConfigurationPair {
  learnerId: string;
  configurationId: string;
}

export interface CreatedCredential extends LearnerConfigurationPair {
  id: string;
}

export interface CreatePendingOptions {
  /**
   * Automatic triggers (auto-issue, bulk, sweep) only issue enabled configurations with
   * `autoIssue` (bulk: any enabled one) and never a pair whose credential was invalidated
   * or revoked, nor, after the configuration's `auditCutoffDate`, to a learner enrolled in
   * the audit mode, nor before the configuration's `availableFrom`, nor a pair whose last
   * credential EXPIRED (renewal decides that). An admin's forced issue, a re-issue and a
   * renewal pass `sticky: false`.
   */
  sticky: boolean;
  /** Only configurations with `auto_issue` (ingest and the sweep). */
  autoIssueOnly: boolean;
  /** The moment the rules are applied at (availability date, audit cut-off); default: now. */
  now?: Date;
}

/** The enrollment mode a configuration's `auditCutoffDate` stops issuing to. */
export const AUDIT_MODE = 'audit';

/**
 * Snapshots the learner's current name, the context title and the configuration name.
 * `on conflict do nothing` covers the partial unique index of live credentials. Timestamps
 * are whole milliseconds, as the list cursor (credential-list.ts) needs.
 */
const INSERT_SQL = `
with input as (
  select distinct i.learner_id, i.configuration_id
  from json_to_recordset(?::json) as i(learner_id text, configuration_id uuid)
)
insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
  context_title, configuration_name, status, attempts, created_at, updated_at)
select gen_random_uuid(), gen_random_uuid(), l.id, cc.id, l.name,
  coalesce(co.title, lp.title), cc.name, ${sqlStatuses(CredentialStatus.PENDING)}, 0,
  date_trunc('milliseconds', now()), date_trunc('milliseconds', now())
from input i
join learner l on l.id = i.learner_id
join credential_configuration cc on cc.id = i.configuration_id
left join course co on co.id = cc.course_id
left join learning_path lp on lp.id = cc.learning_path_id
where cc.enabled
  and (not ?::boolean or cc.auto_issue)
  and not (?::boolean and cc.available_from is not null and cc.available_from > ?::timestamptz)
  and not (?::boolean and cc.audit_cutoff_date is not null and ?::timestamptz > cc.audit_cutoff_date
    and exists (select 1 from enrollment e
                where e.learner_id = i.learner_id and e.course_id = cc.course_id
                  and lower(btrim(e.mode, E' \\t\\r\\n')) = '${AUDIT_MODE}'))
  and not exists (
    select 1 from credential c
    where c.learner_id = i.learner_id and c.configuration_id = i.configuration_id
      and (c.status in (${sqlStatuses(...LIVE_STATUSES)})
           or (?::boolean and c.status in (${sqlStatuses(...WITHDRAWN_STATUSES, CredentialStatus.EXPIRED)}))))
order by l.id, cc.id
on conflict do nothing
returning id, learner_id, configuration_id`;

/** Creates PENDING credentials for the pairs that may have one and enqueues their jobs. */
export async function createPendingCredentials(
  em: EntityManager,
  jobs: JobQueue,
  pairs: readonly LearnerConfigurationPair[],
  options: CreatePendingOptions,
): Promise<CreatedCredential[]> {
  if (pairs.length === 0) return [];
  const now = (options.now ?? new Date()).toISOString();
  const rows = await em.execute<{ id: string; learner_id: string; configuration_id: string }[]>(
    INSERT_SQL,
    [
      JSON.stringify(
        pairs.map((p) => ({ learner_id: p.learnerId, configuration_id: p.configurationId })),
      ),
      options.autoIssueOnly,
      options.sticky,
      now,
      options.sticky,
      now,
      options.sticky,
    ],
  );
  const created = rows.map((row) => ({
    id: row.id,
    learnerId: row.learner_id,
    configurationId: row.configuration_id,
  }));
  await jobs.enqueueGeneration(
    em,
    created.map((c) => c.id),
  );
  return created;
}
