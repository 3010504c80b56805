import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

export interface LearnerCourseKey {
  learnerId: string;
  courseId: string;
}

const keyOf = (key: LearnerCourseKey) => `${key.learnerId}\u0000${key.courseId}`;

const MODES_SQL = `
select e.learner_id, e.course_id, e.mode
from enrollment e
join json_to_recordset(?::json) as k(learner_id text, course_id text)
  on e.learner_id = k.learner_id and e.course_id = k.course_id`;

/** Enrollment modes of one request's (learner, course) pairs, in one statement. */
export function enrollmentModeLoader(em: EntityManager) {
  return new DataLoader<LearnerCourseKey, string | null, string>(
    async (keys) => {
      const rows = await em.execute<
        { learner_id: string; course_id: string; mode: string | null }[]
      >(MODES_SQL, [
        JSON.stringify(keys.map((k) => ({ learner_id: k.learnerId, course_id: k.courseId }))),
      ]);
      const modes = new Map(
        rows.map((r) => [keyOf({ learnerId: r.learner_id, courseId: r.course_id }), r.mode]),
      );
      return keys.map((key) => modes.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}
