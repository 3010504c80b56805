import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ConfigurationRules,
  evaluateConfiguration,
  type LearnerEvaluation,
} from './bulk-evaluation';
import type { Evaluation, Requirement, StepOverride } from './types';

/**
 * The stored evaluations of `learner_eligibility`, the state `learnerProgress` is
 * served from. Every transaction that changes what an evaluation depends on writes the
 * affected pairs again before it commits: progress ingest for the learners it touched,
 * changes of rules (configurations, courses, path steps) for every enrolled learner.
 *
 * Rule changes and ingests must not interleave, or one could store an evaluation made
 * from the other's not yet committed state: a rule change holds the rules lock
 * exclusively, ingests hold it shared (ingests of one learner already take turns
 * through the learner row lock).
 */
const RULES_LOCK = `select pg_advisory_xact_lock(hashtext('laurel:evaluation-rules'))`;
const RULES_LOCK_SHARED = `select pg_advisory_xact_lock_shared(hashtext('laurel:evaluation-rules'))`;

/** Taken by a transaction that changes rules, before it reads or writes anything. */
export async function lockRulesForChange(em: EntityManager): Promise<void> {
  await em.execute(RULES_LOCK);
}

/** Taken by a transaction that records facts, before it reads or writes anything. */
export async function lockRulesForIngest(em: EntityManager): Promise<void> {
  await em.execute(RULES_LOCK_SHARED);
}

/**
 * Writes the evaluated pairs. A row is written when anything of its evaluation
 * differs; `changed_at` moves, and the pair is reported as changed, only when
 * eligible or progress does. Returns the pairs written, with their eligibility before
 * the statement.
 */
const RECORD_SQL = `
with input as (
  select * from json_to_recordset(?::json)
    as i(learner_id text, configuration_id uuid, eligible boolean, progress double precision,
         evaluation jsonb)
),
previous as (
  select e.learner_id, e.configuration_id, e.eligible, e.progress
  from learner_eligibility e
  join input i on e.learner_id = i.learner_id and e.configuration_id = i.configuration_id
),
written as (
  insert into learner_eligibility as t
    (learner_id, configuration_id, eligible, progress, evaluation, changed_at)
  select i.learner_id, i.configuration_id, i.eligible, i.progress, i.evaluation, now() from input i
  on conflict (learner_id, configuration_id) do update
    set eligible = excluded.eligible, progress = excluded.progress,
        evaluation = excluded.evaluation, updated_at = now(),
        changed_at = case when (t.eligible, t.progress) is distinct from
                               (excluded.eligible, excluded.progress)
                          then excluded.changed_at else t.changed_at end
    where (t.eligible, t.progress, t.evaluation) is distinct from
          (excluded.eligible, excluded.progress, excluded.evaluation)
  returning t.learner_id, t.configuration_id, t.eligible, t.progress
)
select w.learner_id, w.configuration_id, coalesce(p.eligible, false) as was_eligible,
  p.learner_id is null or (p.eligible, p.progress) is distinct from (w.eligible, w.progress)
    as changed
from written w
left join previous p on p.learner_id = w.learner_id and p.configuration_id = w.configuration_id`;

export interface WrittenPair {
  learnerId: string;
  configurationId: string;
  wasEligible: boolean;
  /** Eligible or progress differ from the stored row (or there was none). */
  changed: boolean;
}

/** Stores the evaluations in one statement; returns the pairs whose row was written. */
export async function storeEvaluations(
  em: EntityManager,
  evaluations: readonly LearnerEvaluation[],
): Promise<WrittenPair[]> {
  if (evaluations.length === 0) return [];
  const rows = await em.execute<
    { learner_id: string; configuration_id: string; was_eligible: boolean; changed: boolean }[]
  >(RECORD_SQL, [
    JSON.stringify(
      evaluations.map(({ learnerId, configuration, evaluation }) => ({
        learner_id: learnerId,
        configuration_id: configuration.id,
        eligible: evaluation.eligible,
        progress: evaluation.progress,
        evaluation,
      })),
    ),
  ]);
  return rows.map((row) => ({
    learnerId: row.learner_id,
    configurationId: row.configuration_id,
    wasEligible: row.was_eligible,
    changed: row.changed,
  }));
}

const STORED_SQL = `
select e.learner_id, e.configuration_id, e.evaluation
from json_to_recordset(?::json) as k(learner_id text, configuration_id uuid)
join learner_eligibility e
  on e.learner_id = k.learner_id and e.configuration_id = k.configuration_id
where e.evaluation is not null`;

export const pairKey = (learnerId: string, configurationId: string): string =>
  `${learnerId}\u0000${configurationId}`;

/** The stored evaluations of the pairs that have one, by `pairKey`; one statement. */
export async function loadStoredEvaluations(
  em: EntityManager,
  pairs: readonly { learnerId: string; configurationId: string }[],
): Promise<Map<string, Evaluation>> {
  if (pairs.length === 0) return new Map();
  const rows = await em.execute<
    { learner_id: string; configuration_id: string; evaluation: Evaluation }[]
  >(STORED_SQL, [
    JSON.stringify(
      pairs.map((pair) => ({
        learner_id: pair.learnerId,
        configuration_id: pair.configurationId,
      })),
    ),
  ]);
  return new Map(
    rows.map((row) => [pairKey(row.learner_id, row.configuration_id), row.evaluation]),
  );
}

/** Enabled configurations whose evaluation depends on a course: its own and its paths'. */
const CONFIGURATIONS_OF_COURSE_SQL = `
select c.id, c.course_id, c.learning_path_id, c.requirements, c.step_overrides
from credential_configuration c
where c.enabled
  and (c.course_id = ?
    or c.learning_path_id in (select s.learning_path_id from learning_path_step s where s.course_id = ?))
order by c.id`;

const CONFIGURATIONS_OF_PATH_SQL = `
select c.id, c.course_id, c.learning_path_id, c.requirements, c.step_overrides
from credential_configuration c
where c.enabled and c.learning_path_id = ?
order by c.id`;

interface ConfigurationRow {
  id: string;
  course_id: string | null;
  learning_path_id: string | null;
  requirements: Requirement[];
  step_overrides: StepOverride[];
}

const rulesOfRow = (row: ConfigurationRow): ConfigurationRules => ({
  id: row.id,
  courseId: row.course_id,
  learningPathId: row.learning_path_id,
  requirements: row.requirements,
  stepOverrides: row.step_overrides,
});

/**
 * Stores the answers of a rule change. Only `evaluation` is written: `eligible` and
 * `progress` stay what progress listeners were last told, so the next ingest still
 * reports (and auto-issues) what the change made eligible, as it did before answers
 * were stored. A new row starts as "never told" (not eligible, progress 0).
 */
const REFRESH_SQL = `
insert into learner_eligibility as t
  (learner_id, configuration_id, eligible, progress, evaluation, changed_at)
select i.learner_id, i.configuration_id, false, 0, i.evaluation, now()
from json_to_recordset(?::json) as i(learner_id text, configuration_id uuid, evaluation jsonb)
on conflict (learner_id, configuration_id) do update
  set evaluation = excluded.evaluation, updated_at = now()
  where t.evaluation is distinct from excluded.evaluation`;

/**
 * Evaluates and stores every enrolled learner of each configuration: after its rules
 * changed, or the rules of a course it depends on. Runs in the changing transaction,
 * after `lockRulesForChange`. Returns the number of pairs evaluated.
 */
export async function refreshConfigurations(
  em: EntityManager,
  configurations: readonly ConfigurationRules[],
): Promise<number> {
  let evaluated = 0;
  for (const configuration of configurations) {
    const evaluations = await evaluateConfiguration(em, configuration);
    if (evaluations.length === 0) continue;
    await em.execute(REFRESH_SQL, [
      JSON.stringify(
        evaluations.map(({ learnerId, evaluation }) => ({
          learner_id: learnerId,
          configuration_id: configuration.id,
          evaluation,
        })),
      ),
    ]);
    evaluated += evaluations.length;
  }
  return evaluated;
}

/** After a course's blocks, items or grading policy may have changed. */
export async function refreshAfterCourseChange(em: EntityManager, courseId: string): Promise<void> {
  const rows = await em.execute<ConfigurationRow[]>(CONFIGURATIONS_OF_COURSE_SQL, [
    courseId,
    courseId,
  ]);
  await refreshConfigurations(em, rows.map(rulesOfRow));
}

/** After a learning path's steps may have changed. */
export async function refreshAfterPathChange(em: EntityManager, pathId: string): Promise<void> {
  const rows = await em.execute<ConfigurationRow[]>(CONFIGURATIONS_OF_PATH_SQL, [pathId]);
  await refreshConfigurations(em, rows.map(rulesOfRow));
}

/** Everything of a course that evaluation reads, as one comparable text. */
const COURSE_RULES_SQL = `
select concat_ws('|',
  (select grading_policy::text from course where id = ?),
  (select json_agg(json_build_object('id', b.id, 'optional', b.optional) order by b.position)::text
     from content_block b where b.course_id = ?),
  (select json_agg(json_build_object('id', g.id, 'assignmentType', g.assignment_type,
                                     'possiblePoints', g.possible_points) order by g.position)::text
     from graded_item g where g.course_id = ?)) as rules`;

const PATH_STEPS_SQL = `
select string_agg(s.course_id, ' ' order by s.position) as rules
from learning_path_step s where s.learning_path_id = ?`;

/**
 * Runs a change of a course's rules (grading policy, blocks, items) and, when they
 * differ afterwards, stores again the answers of every configuration that depends on
 * the course. Must run in the changing transaction, before it reads anything.
 */
export async function changingCourseRules<T>(
  em: EntityManager,
  courseId: string,
  change: () => Promise<T>,
): Promise<T> {
  await lockRulesForChange(em);
  const rules = async () =>
    (await em.execute<{ rules: string }[]>(COURSE_RULES_SQL, [courseId, courseId, courseId]))[0]
      .rules;
  const before = await rules();
  const result = await change();
  if ((await rules()) !== before) await refreshAfterCourseChange(em, courseId);
  return result;
}

/** The same for a learning path's steps. */
export async function changingPathSteps<T>(
  em: EntityManager,
  pathId: string,
  change: () => Promise<T>,
): Promise<T> {
  await lockRulesForChange(em);
  const steps = async () =>
    (await em.execute<{ rules: string | null }[]>(PATH_STEPS_SQL, [pathId]))[0].rules;
  const before = await steps();
  const result = await change();
  if ((await steps()) !== before) await refreshAfterPathChange(em, pathId);
  return result;
}
