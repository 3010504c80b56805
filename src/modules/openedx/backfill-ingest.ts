import type { ProgressBatchInput } from '../progress';
import type { CourseRun } from './backfill-types';

/**
 * One IngestService call (one transaction) for the facts of a page; a page with more facts
 * than one batch may carry goes in as several.
 */
export async function ingestInChunks(run: CourseRun, batch: ProgressBatchInput): Promise<void> {
  const { deps } = run;
  const lists = [
    ['enrollments', batch.enrollments ?? []],
    ['completions', batch.completions ?? []],
    ['scores', batch.scores ?? []],
  ] as const;
  const total = lists.reduce((sum, [, list]) => sum + list.length, 0);
  if (total === 0) return;
  if (total <= deps.maxBatchFacts) {
    await deps.ingest(deps.em()).recordProgress(batch);
    return;
  }
  for (const [key, list] of lists) {
    for (let i = 0; i < list.length; i += deps.maxBatchFacts) {
      await deps
        .ingest(deps.em())
        .recordProgress({ [key]: list.slice(i, i + deps.maxBatchFacts) } as ProgressBatchInput);
    }
  }
}
