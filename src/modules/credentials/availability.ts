import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock';
import type { JobQueue } from '../issuance';
import { CredentialConfiguration } from './credential-configuration.entity';
import { issueToUncredentialed } from './reconcile';

/**
 * The release of a configuration at its `availableFrom` (docs/rules.md "Availability date"):
 * until then automatic issuance holds back; at that moment the release job issues to every
 * learner who qualified meanwhile, in one transaction. A job of a date that was changed since
 * does nothing (the change scheduled another one).
 */

export interface ReleaseRequest {
  configurationId: string;
  /** ISO 8601: the date the job was scheduled for. */
  availableFrom: string;
}

export type ReleaseResult =
  | { status: 'released'; issued: number }
  | { status: 'skipped'; reason: 'gone' | 'disabled' | 'rescheduled' | 'not-due' };

export async function releaseConfiguration(
  em: EntityManager,
  deps: { jobs: JobQueue; clock: Clock },
  request: ReleaseRequest,
): Promise<ReleaseResult> {
  const configuration = await em.findOne(CredentialConfiguration, {
    id: request.configurationId,
  });
  if (!configuration) return { status: 'skipped', reason: 'gone' };
  const at = configuration.availableFrom;
  if (!at || at.toISOString() !== new Date(request.availableFrom).toISOString()) {
    return { status: 'skipped', reason: 'rescheduled' };
  }
  if (!configuration.enabled || !configuration.autoIssue) {
    return { status: 'skipped', reason: 'disabled' };
  }
  const now = deps.clock.now();
  if (now.getTime() < at.getTime()) {
    // Handed out early (the clocks differ): back in the queue for the rest of the wait.
    const startAfter = new Date(Date.now() + (at.getTime() - now.getTime()));
    await em.transactional((tx) => deps.jobs.scheduleRelease(tx, configuration.id, at, startAfter));
    return { status: 'skipped', reason: 'not-due' };
  }
  const issued = await issueToUncredentialed(em, deps.jobs, configuration, now);
  if (issued > 0) deps.jobs.wakeUp();
  return { status: 'released', issued };
}
