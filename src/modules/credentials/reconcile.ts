import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluateConfiguration, configurationRules } from '../eligibility';
import type { JobQueue } from '../issuance';
import { CredentialConfiguration } from './credential-configuration.entity';
import { CredentialStatus, sqlStatuses } from './credential.enums';
import { createPendingCredentials } from './pending-credentials';
import { type Clock, systemClock } from '../../shared/clock';

/**
 * The periodic reconciliation sweep: whatever a missed trigger left undone. It issues to
 * eligible learners of auto-issue configurations who have no credential at all (so
 * invalidated and revoked pairs stay untouched), and queues again PENDING or abandoned
 * GENERATING credentials that have no job.
 */

export interface ReconcileResult {
  configurations: number;
  issued: number;
  requeued: number;
}

/** Actively enrolled learners of the configuration's context without any credential of it. */
const UNCREDENTIALED_SQL = `
select distinct e.learner_id from enrollment e
where (e.course_id = ? or e.learning_path_id = ?) and e.active
  and not exists (select 1 from credential c
                  where c.learner_id = e.learner_id and c.configuration_id = ?)
order by e.learner_id`;

/** Credentials waiting longer than `?` seconds (PENDING) or abandoned (GENERATING). */
const STALE_SQL = `
select id from credential
where (status = ${sqlStatuses(CredentialStatus.PENDING)} and updated_at < now() - ? * interval '1 second')
   or (status = ${sqlStatuses(CredentialStatus.GENERATING)} and updated_at < now() - ? * interval '1 second')
order by updated_at
limit 1000`;

/**
 * Issues to every eligible learner of an auto-issue configuration who has no credential of it
 * yet, in one transaction (one batch). The sweep runs it for every configuration; a release at
 * an availability date for one.
 */
export async function issueToUncredentialed(
  em: EntityManager,
  jobs: JobQueue,
  configuration: CredentialConfiguration,
  now: Date,
): Promise<number> {
  const rules = configurationRules(configuration);
  const learners = await em.execute<{ learner_id: string }[]>(UNCREDENTIALED_SQL, [
    rules.courseId,
    rules.learningPathId,
    configuration.id,
  ]);
  if (learners.length === 0) return 0;
  const evaluations = await evaluateConfiguration(
    em,
    rules,
    learners.map((row) => row.learner_id),
  );
  const eligible = evaluations
    .filter((e) => e.evaluation.eligible)
    .map((e) => ({ learnerId: e.learnerId, configurationId: configuration.id }));
  const created = await em.transactional((tx) =>
    createPendingCredentials(tx, jobs, eligible, { sticky: true, autoIssueOnly: true, now }),
  );
  return created.length;
}

export async function reconcileCredentials(
  em: EntityManager,
  jobs: JobQueue,
  options: { expireSeconds: number; clock?: Clock },
): Promise<ReconcileResult> {
  const now = (options.clock ?? systemClock).now();
  const configurations = await em.find(
    CredentialConfiguration,
    { enabled: true, autoIssue: true },
    { orderBy: { id: 'asc' } },
  );
  let issued = 0;
  for (const configuration of configurations) {
    issued += await issueToUncredentialed(em, jobs, configuration, now);
  }

  const requeued = await em.transactional(async (tx) => {
    const staleAfter = Math.max(60, options.expireSeconds);
    const stale = (await tx.execute<{ id: string }[]>(STALE_SQL, [staleAfter, staleAfter])).map(
      (row) => row.id,
    );
    const open = await jobs.withOpenJobs(tx, stale);
    const orphaned = stale.filter((id) => !open.has(id));
    await jobs.requeueGeneration(tx, orphaned);
    return orphaned.length;
  });
  if (issued + requeued > 0) jobs.wakeUp();
  return { configurations: configurations.length, issued, requeued };
}
