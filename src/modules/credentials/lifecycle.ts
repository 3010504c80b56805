import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock';
import {
  CREDENTIAL_EVENTS,
  type CredentialEventOutbox,
  type CredentialEventPayload,
  type EventBus,
} from '../../shared/events';
import type { Logger } from '../../shared/logger';
import {
  evaluateTargets,
  type EvaluationTarget,
  type Requirement,
  type StepOverride,
} from '../eligibility';
import type { JobQueue } from '../issuance';
import { CredentialStatus, LIVE_STATUSES, RenewalMode, sqlStatuses } from './credential.enums';
import { createPendingCredentials } from './pending-credentials';
import { renewalWindowOpens } from './renewal';

/**
 * The lifecycle sweep (docs/rules.md "Expiry and renewal"), run by the scheduler every
 * minute: AVAILABLE credentials whose `expiresAt` has passed become EXPIRED (once: the
 * status moves in the statement that finds them, batch by batch, rows locked so that two
 * workers never expire one twice) and an EXPIRED event is published for each; then expired
 * credentials of configurations that renew are renewed for the learners who qualify.
 */

export interface LifecycleDeps {
  jobs: JobQueue;
  events: EventBus;
  /** Records each EXPIRED event in the transaction that expires the credential. */
  outbox?: CredentialEventOutbox;
  clock: Clock;
  logger?: Logger;
  /** Credentials expired (and renewal candidates read) per statement. */
  batchSize?: number;
}

export interface LifecycleResult {
  expired: number;
  renewed: number;
}

const EXPIRE_SQL = `
with due as (
  select c.id from credential c
  where c.status = ${sqlStatuses(CredentialStatus.AVAILABLE)}
    and c.expires_at is not null and c.expires_at <= ?::timestamptz
  order by c.expires_at, c.id
  limit ?
  for update skip locked
)
update credential c set status = ${sqlStatuses(CredentialStatus.EXPIRED)}, updated_at = now()
from due, credential_configuration cc
where c.id = due.id and cc.id = c.configuration_id
returning c.id, c.learner_id, c.configuration_id, cc.course_id, cc.learning_path_id`;

/** Any fact of the learner written after `since` (new progress may qualify them again). */
const NEWER_FACT = (since: string) => `
  exists (select 1 from block_completion f where f.learner_id = c.learner_id and f.updated_at > ${since})
  or exists (select 1 from item_score f where f.learner_id = c.learner_id and f.updated_at > ${since})
  or exists (select 1 from discussion_post f where f.learner_id = c.learner_id and f.updated_at > ${since})
  or exists (select 1 from enrollment f where f.learner_id = c.learner_id and f.updated_at > ${since})`;

/**
 * Expired credentials of enabled configurations that renew, the latest of their pair, not
 * renewed yet, and either never checked or with progress written since they last were.
 */
const CANDIDATES_SQL = `
select c.id, c.learner_id, c.configuration_id, c.expires_at, cc.course_id, cc.learning_path_id,
  cc.requirements, cc.step_overrides, cc.renewal, cc.renewal_window_start
from credential c
join credential_configuration cc on cc.id = c.configuration_id
where c.status = ${sqlStatuses(CredentialStatus.EXPIRED)}
  and cc.enabled and cc.renewal <> '${RenewalMode.NONE}'
  and not exists (select 1 from credential n
    where n.learner_id = c.learner_id and n.configuration_id = c.configuration_id
      and (n.renews_id = c.id or n.created_at > c.created_at
           or n.status in (${sqlStatuses(...LIVE_STATUSES)})))
  and (c.renewal_checked_at is null or ${NEWER_FACT('c.renewal_checked_at')})
order by c.expires_at, c.id
limit ?`;

const LINK_SQL = `
update credential c set renews_id = l.renews_id
from json_to_recordset(?::json) as l(id uuid, renews_id uuid)
where c.id = l.id`;

const CHECKED_SQL = `
update credential set renewal_checked_at = now()
where id in (select value::uuid from json_array_elements_text(?::json))`;

interface ExpiredRow {
  id: string;
  learner_id: string;
  configuration_id: string;
  course_id: string | null;
  learning_path_id: string | null;
}

interface CandidateRow extends ExpiredRow {
  expires_at: Date;
  requirements: Requirement[];
  step_overrides: StepOverride[];
  renewal: RenewalMode;
  renewal_window_start: string | null;
}

const pairKey = (learnerId: string, configurationId: string) =>
  `${learnerId}\u0000${configurationId}`;

export async function runLifecycle(
  em: EntityManager,
  deps: LifecycleDeps,
): Promise<LifecycleResult> {
  const batchSize = deps.batchSize ?? 500;
  const now = deps.clock.now();
  let expired = 0;
  for (;;) {
    const events = await em.transactional(async (tx) => {
      const rows = await tx.execute<ExpiredRow[]>(EXPIRE_SQL, [now.toISOString(), batchSize]);
      const expiredEvents = rows.map((row) => expiredEvent(row, now));
      for (const event of expiredEvents) await deps.outbox?.(tx, event);
      return expiredEvents;
    });
    expired += events.length;
    for (const event of events) await publish(deps, event);
    if (events.length < batchSize) break;
  }
  let renewed = 0;
  for (;;) {
    const result = await renewBatch(em, deps, now, batchSize);
    renewed += result.renewed;
    if (result.candidates < batchSize) break;
  }
  if (renewed > 0) deps.jobs.wakeUp();
  return { expired, renewed };
}

/**
 * One batch of renewal candidates: evaluated set-based (REEARN on the facts recorded since
 * its window opened), the qualifying ones renewed in one transaction, the others marked
 * checked so that only new progress brings them back.
 */
async function renewBatch(
  em: EntityManager,
  deps: LifecycleDeps,
  now: Date,
  batchSize: number,
): Promise<{ candidates: number; renewed: number }> {
  const candidates = await em.execute<CandidateRow[]>(CANDIDATES_SQL, [batchSize]);
  if (candidates.length === 0) return { candidates: 0, renewed: 0 };
  const targets: EvaluationTarget[] = candidates.map((row) => ({
    learnerId: row.learner_id,
    configuration: {
      id: row.configuration_id,
      courseId: row.course_id,
      learningPathId: row.learning_path_id,
      requirements: row.requirements,
      stepOverrides: row.step_overrides,
    },
    factsSince:
      row.renewal === RenewalMode.REEARN
        ? renewalWindowOpens(new Date(row.expires_at), row.renewal_window_start)
        : null,
  }));
  const evaluations = await evaluateTargets(em, targets);
  const qualifying = candidates.filter((_, i) => evaluations[i].evaluation.eligible);
  const renewedIds = await em.transactional(async (tx) => {
    const created = await createPendingCredentials(
      tx,
      deps.jobs,
      qualifying.map((row) => ({
        learnerId: row.learner_id,
        configurationId: row.configuration_id,
      })),
      { sticky: false, autoIssueOnly: false, now },
    );
    const renews = new Map(
      qualifying.map((row) => [pairKey(row.learner_id, row.configuration_id), row.id]),
    );
    const links = created.map((c) => ({
      id: c.id,
      renews_id: renews.get(pairKey(c.learnerId, c.configurationId)),
    }));
    if (links.length > 0) await tx.execute(LINK_SQL, [JSON.stringify(links)]);
    const renewedOld = new Set(links.map((link) => link.renews_id));
    const unchanged = candidates.filter((row) => !renewedOld.has(row.id)).map((row) => row.id);
    if (unchanged.length > 0) await tx.execute(CHECKED_SQL, [JSON.stringify(unchanged)]);
    return renewedOld;
  });
  return { candidates: candidates.length, renewed: renewedIds.size };
}

const expiredEvent = (row: ExpiredRow, now: Date): CredentialEventPayload => ({
  type: 'EXPIRED',
  credentialId: row.id,
  learnerId: row.learner_id,
  configurationId: row.configuration_id,
  courseId: row.course_id,
  learningPathId: row.learning_path_id,
  at: now.toISOString(),
});

async function publish(deps: LifecycleDeps, event: CredentialEventPayload): Promise<void> {
  try {
    await deps.events.publish(CREDENTIAL_EVENTS, event);
  } catch (err) {
    deps.logger?.error(
      { err, credentialId: event.credentialId },
      'publishing a credential event failed',
    );
  }
}
