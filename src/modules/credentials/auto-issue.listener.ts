import type { JobQueue } from '../issuance';
import type { ProgressListener } from '../progress';
import { createPendingCredentials } from './pending-credentials';

/**
 * Auto-issue: in the ingest transaction, every eligible learner of an enabled `autoIssue`
 * configuration without a credential gets a PENDING one and its job; pairs whose
 * credential was invalidated or revoked get nothing (sticky). After the commit the
 * worker of this process is woken up.
 */
export function autoIssueListener(jobs: JobQueue): ProgressListener {
  return {
    async inTransaction(em, changes) {
      const eligible = changes.filter((change) => change.eligible);
      await createPendingCredentials(em, jobs, eligible, { sticky: true, autoIssueOnly: true });
    },
    afterCommit(changes) {
      if (changes.some((change) => change.eligible)) jobs.wakeUp();
    },
  };
}
