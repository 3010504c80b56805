import type { JobQueue } from '../issuance';
import type { ProgressListener } from '../progress';
import { createPendingCredentials } from './pending-credentials';
import { type Clock, systemClock } from '../../shared/clock';

/**
 * Auto-issue: in the ingest transaction, every eligible learner of an enabled `autoIssue`
 * configuration without a credential gets a PENDING one and its job; pairs whose
 * credential was invalidated, revoked or expired get nothing (sticky), nor anyone before the
 * configuration's availability date (its release issues then). After the commit the
 * worker of this process is woken up.
 */
export function autoIssueListener(jobs: JobQueue, clock: Clock = systemClock): ProgressListener {
  return {
    async inTransaction(em, changes) {
      const eligible = changes.filter((change) => change.eligible);
      await createPendingCredentials(em, jobs, eligible, {
        sticky: true,
        autoIssueOnly: true,
        now: clock.now(),
      });
    },
    afterCommit(changes) {
      if (changes.some((change) => change.eligible)) jobs.wakeUp();
    },
  };
}
