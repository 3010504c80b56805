import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { PathEnrollmentCheck } from '../../shared/access';

export interface LearnerPathKey {
  learnerId: string;
  learningPathId: string;
}

const keyOf = (key: LearnerPathKey) => `${key.learnerId}\u0000${key.learningPathId}`;

const ENROLLED_SQL = `
select k.learner_id, k.learning_path_id
from json_to_recordset(?::json) as k(learner_id text, learning_path_id text)
where exists (select 1 from enrollment e
              where e.learner_id = k.learner_id and e.learning_path_id = k.learning_path_id)`;

/** The keys of the pairs that have an enrollment (active or not), in one statement. */
async function enrolledPairs(
  em: EntityManager,
  keys: readonly LearnerPathKey[],
): Promise<Set<string>> {
  const rows = await em.execute<{ learner_id: string; learning_path_id: string }[]>(ENROLLED_SQL, [
    JSON.stringify(
      keys.map((key) => ({ learner_id: key.learnerId, learning_path_id: key.learningPathId })),
    ),
  ]);
  return new Set(
    rows.map((row) => keyOf({ learnerId: row.learner_id, learningPathId: row.learning_path_id })),
  );
}

/** One request's path enrollments, batched. */
export function pathEnrollmentLoader(
  em: EntityManager,
): DataLoader<LearnerPathKey, boolean, string> {
  return new DataLoader<LearnerPathKey, boolean, string>(
    async (keys) => {
      const enrolled = await enrolledPairs(em, keys);
      return keys.map((key) => enrolled.has(keyOf(key)));
    },
    { cacheKeyFn: keyOf },
  );
}

export const checkThrough =
  (loader: DataLoader<LearnerPathKey, boolean, string>): PathEnrollmentCheck =>
  (learnerId, learningPathId) =>
    loader.load({ learnerId, learningPathId });

/**
 * For a long-lived reader (a subscription): an enrollment found is remembered (enrollments
 * are deactivated, never deleted); one not found is asked again next time.
 */
export function pathEnrollmentCheck(em: EntityManager): PathEnrollmentCheck {
  const found = new Set<string>();
  return async (learnerId, learningPathId) => {
    const key = keyOf({ learnerId, learningPathId });
    if (found.has(key)) return true;
    const enrolled = (await enrolledPairs(em, [{ learnerId, learningPathId }])).has(key);
    if (enrolled) found.add(key);
    return enrolled;
  };
}
