import { openOrm, type Orm } from '../../src/db/orm';
import { autoIssueListener } from '../../src/modules/credentials';
import { type BackfillDeps, LmsClient } from '../../src/modules/openedx';
import { IngestService } from '../../src/modules/progress';
import { createLogger } from '../../src/shared/logger';
import type { TestApp } from '../support/app';
import type { FakeLms } from '../support/fake-lms';

export function lmsClient(lms: FakeLms, options: { retries?: number; timeoutMs?: number } = {}) {
  return new LmsClient({
    baseUrl: lms.url,
    clientId: lms.clientId,
    clientSecret: lms.clientSecret,
    retries: options.retries ?? 2,
    retryDelayMs: 10,
    timeoutMs: options.timeoutMs ?? 5000,
  });
}

/** Backfill wiring on a test app's database, with the app's issuer (auto-issue) listening. */
export async function backfillDeps(
  app: TestApp,
  lms: FakeLms,
  options: { retries?: number } = {},
): Promise<{ deps: BackfillDeps; orm: Orm }> {
  const orm = await openOrm({ url: app.databaseUrl });
  const logger = createLogger('silent');
  const listeners = [autoIssueListener(app.laurel.issuance.jobs)];
  return {
    orm,
    deps: {
      lms: lmsClient(lms, options),
      em: () => orm.em.fork(),
      ingest: (em) => new IngestService(em, { maxBatchFacts: 10_000, listeners, logger }),
      maxBatchFacts: 10_000,
      logger,
    },
  };
}

let counter = 0;
/** A course key no other test of the run uses. */
export const uniqueCourseKey = (name = 'C') =>
  `course-v1:Fake+${name}${Date.now().toString(36)}${(counter++).toString(36)}+2026`;
