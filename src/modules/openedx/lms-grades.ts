import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fact } from './facts';

type LmsGradeFact = Extract<Fact, { kind: 'lmsGrade' }>;

/** The LMS's course grade per (learner, course); an older fact never replaces a newer one. */
const UPSERT_SQL = `
insert into lms_course_grade as t (learner_id, course_id, percent, letter_grade, passed_at, occurred_at)
select r.learner_id, r.course_id, r.percent, r.letter_grade, r.passed_at, r.occurred_at
from json_to_recordset(?::json) as r(learner_id text, course_id text, percent double precision,
  letter_grade text, passed_at timestamptz, occurred_at timestamptz)
on conflict (learner_id, course_id) do update
  set percent = excluded.percent, letter_grade = excluded.letter_grade,
      passed_at = excluded.passed_at, occurred_at = excluded.occurred_at, updated_at = now()
  where t.occurred_at < excluded.occurred_at`;

export async function upsertLmsGrades(
  em: EntityManager,
  grades: readonly LmsGradeFact[],
): Promise<void> {
  if (grades.length === 0) return;
  const latest = new Map<string, LmsGradeFact>();
  for (const grade of grades) {
    const key = `${grade.learnerId}\u0000${grade.courseId}`;
    const kept = latest.get(key);
    if (!kept || kept.occurredAt.getTime() <= grade.occurredAt.getTime()) latest.set(key, grade);
  }
  await em.execute(UPSERT_SQL, [
    JSON.stringify(
      [...latest.values()].map((g) => ({
        learner_id: g.learnerId,
        course_id: g.courseId,
        percent: g.percent,
        letter_grade: g.letterGrade,
        passed_at: g.passedAt?.toISOString() ?? null,
        occurred_at: g.occurredAt.toISOString(),
      })),
    ),
  ]);
}
