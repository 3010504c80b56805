import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestService } from '../progress';
import { DomainError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { applyBatch, type Outcome } from './apply-batch';
import type { CourseImporter } from './course-import';
import type { StreamEntry } from './bus-message';
import { park, prepare, type Prepared } from './prepare';
import { courseOf, knownCourses } from './references';

export interface PipelineDeps {
  /** A fresh EntityManager (each batch forks one). */
  em: () => EntityManager;
  ingest: (em: EntityManager) => IngestService;
  logger: Logger;
  courseImporter?: CourseImporter;
}

export interface Handled {
  entry: StreamEntry;
  prepared: Prepared;
  outcome: Outcome;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What must happen outside the transaction, since it calls the LMS: structure refreshes,
 * and imports of courses the facts name that Laurel does not know yet.
 */
async function callImporter(batch: Prepared[], deps: PipelineDeps): Promise<Prepared[]> {
  const importer = deps.courseImporter;
  const refreshed = new Map<string, string | null>();
  const refreshOnce = async (key: string) => {
    if (!refreshed.has(key)) {
      const failure = await importer!.refreshCourse(key).then(
        () => null,
        (error: unknown) => `refreshing course "${key}" from the LMS failed: ${message(error)}`,
      );
      refreshed.set(key, failure);
    }
    return refreshed.get(key) ?? null;
  };
  const withRefreshes: Prepared[] = [];
  for (const prepared of batch) {
    const { step } = prepared;
    if (step.kind !== 'refresh') {
      withRefreshes.push(prepared);
    } else if (!importer) {
      withRefreshes.push({ ...prepared, step: { kind: 'ignore', why: 'no LMS importer' } });
    } else {
      const failure = await refreshOnce(step.courseKey);
      withRefreshes.push({
        ...prepared,
        step: failure ? park(failure) : { kind: 'ignore', why: 'course refreshed' },
      });
    }
  }
  if (!importer) return withRefreshes;
  const named = new Set(
    withRefreshes.flatMap(({ step }) => {
      const course = step.kind === 'fact' ? courseOf(step.fact) : null;
      return course === null ? [] : [course];
    }),
  );
  if (named.size === 0) return withRefreshes;
  const known = await knownCourses(deps.em(), named);
  for (const key of named) {
    if (known.has(key)) continue;
    await importer.ensureCourse(key).catch((error: unknown) => {
      deps.logger.warn({ err: error, course: key }, 'importing a course from the LMS failed');
      return false;
    });
  }
  return withRefreshes;
}

async function applyInOneTransaction(
  batch: readonly Prepared[],
  deps: PipelineDeps,
  skipDeduplication: boolean,
): Promise<Outcome[]> {
  const em = deps.em();
  const ingest = deps.ingest(em);
  const result = await em.transactional((tx) =>
    applyBatch(tx, ingest, batch, { skipDeduplication }),
  );
  await ingest.afterCommit(result.changes);
  return result.outcomes;
}

const isRefusal = (error: unknown) =>
  error instanceof DomainError && error.code === 'BAD_USER_INPUT';

/**
 * Handles read entries: decode, map, import what is missing, then one transaction for the
 * batch. When the ingest refuses the batch (a fact it finds invalid), each message is tried
 * alone and the refused ones are parked with the reason. Other errors (the database away)
 * are thrown: nothing was committed and the entries stay pending.
 */
export async function handleEntries(
  entries: readonly StreamEntry[],
  deps: PipelineDeps,
  options: { skipDeduplication?: boolean } = {},
): Promise<Handled[]> {
  const skip = options.skipDeduplication ?? false;
  const batch = await callImporter(entries.map(prepare), deps);
  let outcomes: Outcome[];
  try {
    outcomes = await applyInOneTransaction(batch, deps, skip);
  } catch (error) {
    if (!isRefusal(error) || batch.length === 0) throw error;
    outcomes = [];
    for (let i = 0; i < batch.length; i++) {
      try {
        outcomes.push(...(await applyInOneTransaction([batch[i]], deps, skip)));
      } catch (single) {
        if (!isRefusal(single)) throw single;
        batch[i] = { ...batch[i], step: park(`the ingest refused it: ${message(single)}`) };
        outcomes.push(...(await applyInOneTransaction([batch[i]], deps, skip)));
      }
    }
  }
  return batch.map((prepared, i) => ({ entry: prepared.entry, prepared, outcome: outcomes[i] }));
}
