import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

export interface LearnerCourseKey {
  learnerId: string;
  courseId: string;
}

export interface LmsGradeRow {
  percent: number;
  letterGrade: string;
  passedAt: Date | null;
  occurredAt: Date;
}

const keyOf = (key: LearnerCourseKey) => `${key.learnerId}\u0000${key.courseId}`;

const GRADES_SQL = `
select g.learner_id, g.course_id, g.percent, g.letter_grade, g.passed_at, g.occurred_at
from lms_course_grade g
join json_to_recordset(?::json) as k(learner_id text, course_id text)
  on g.learner_id = k.learner_id and g.course_id = k.course_id`;

/** The LMS's course grades of one request's (learner, course) pairs, in one statement. */
export function lmsGradeLoader(em: EntityManager) {
  return new DataLoader<LearnerCourseKey, LmsGradeRow | null, string>(
    async (keys) => {
      const rows = await em.execute<
        {
          learner_id: string;
          course_id: string;
          percent: number;
          letter_grade: string;
          passed_at: Date | null;
          occurred_at: Date;
        }[]
      >(GRADES_SQL, [
        JSON.stringify(keys.map((k) => ({ learner_id: k.learnerId, course_id: k.courseId }))),
      ]);
      const byKey = new Map(
        rows.map((row) => [
          keyOf({ learnerId: row.learner_id, courseId: row.course_id }),
          {
            percent: row.percent,
            letterGrade: row.letter_grade,
            passedAt: row.passed_at ? new Date(row.passed_at) : null,
            occurredAt: new Date(row.occurred_at),
          },
        ]),
      );
      return keys.map((key) => byKey.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}

export function openedxLoaders(em: EntityManager) {
  return { lmsGrade: lmsGradeLoader(em) };
}
