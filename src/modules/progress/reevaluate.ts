import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ConfigurationRules,
  type Evaluation,
  evaluateTargets,
  type EvaluationTarget,
  type Requirement,
  type StepOverride,
  pairKey,
  storeEvaluations,
} from '../eligibility';
import type { Logger } from '../../shared/logger';

/**
 * Re-evaluation after progress ingest: the one place where new facts turn into
 * eligibility changes. It runs inside the ingest transaction, stores the evaluation
 * of each affected (learner, configuration) pair in `learner_eligibility`, and hands
 * the pairs whose eligibility or progress changed to the registered listeners.
 */

/** A (learner, course) or (learner, path) pair that received at least one accepted fact. */
export interface TouchedContext {
  learnerId: string;
  courseId: string | null;
  learningPathId: string | null;
}

export interface EligibilityChange {
  learnerId: string;
  configurationId: string;
  courseId: string | null;
  learningPathId: string | null;
  eligible: boolean;
  /** Eligibility before this batch (false when the pair was never evaluated). */
  wasEligible: boolean;
  progress: number;
  evaluation: Evaluation;
}

/** Plugged in by the issuer (credentials for newly eligible learners) and by subscriptions. */
export interface ProgressListener {
  /** Runs in the ingest transaction: what it writes commits or rolls back with the facts. */
  inTransaction?(em: EntityManager, changes: readonly EligibilityChange[]): Promise<void>;
  /** Runs after the commit (publish events); a failure is logged, the batch stays accepted. */
  afterCommit?(changes: readonly EligibilityChange[]): Promise<void> | void;
}

/**
 * Enabled configurations affected by the touched pairs, with the learners to
 * re-evaluate for each: configurations of a touched course, of a touched path,
 * and of every path that has a touched course as a step. Only learners with an
 * enrollment (active or not) in the configuration's context: nobody else can be
 * eligible, and a long path would otherwise cost every step's facts for each
 * learner who touched one of its courses.
 */
const AFFECTED_SQL = `
with touched as (
  select * from json_to_recordset(?::json) as t(learner_id text, course_id text, learning_path_id text)
),
pairs as (
  select t.learner_id, c.id as configuration_id
  from touched t join credential_configuration c on c.course_id = t.course_id
  union
  select t.learner_id, c.id
  from touched t join credential_configuration c on c.learning_path_id = t.learning_path_id
  union
  select t.learner_id, c.id
  from touched t
  join learning_path_step s on s.course_id = t.course_id
  join credential_configuration c on c.learning_path_id = s.learning_path_id
)
select c.id, c.course_id, c.learning_path_id, c.requirements, c.step_overrides,
  json_agg(p.learner_id order by p.learner_id) as learner_ids
from pairs p join credential_configuration c on c.id = p.configuration_id
where c.enabled
  and (exists (select 1 from enrollment e
               where e.learner_id = p.learner_id and e.course_id = c.course_id)
    or exists (select 1 from enrollment e
               where e.learner_id = p.learner_id and e.learning_path_id = c.learning_path_id))
group by c.id
order by c.id`;

interface AffectedRow {
  id: string;
  course_id: string | null;
  learning_path_id: string | null;
  requirements: Requirement[];
  step_overrides: StepOverride[];
  learner_ids: string[];
}

/** Re-evaluates every pair affected by the touched contexts; must run in the ingest transaction. */
export async function reevaluateTouched(
  em: EntityManager,
  touched: readonly TouchedContext[],
  listeners: readonly ProgressListener[],
): Promise<EligibilityChange[]> {
  if (touched.length === 0) return [];
  const affected = await em.execute<AffectedRow[]>(AFFECTED_SQL, [
    JSON.stringify(
      touched.map((t) => ({
        learner_id: t.learnerId,
        course_id: t.courseId,
        learning_path_id: t.learningPathId,
      })),
    ),
  ]);
  const targets: EvaluationTarget[] = affected.flatMap((row) => {
    const configuration: ConfigurationRules = {
      id: row.id,
      courseId: row.course_id,
      learningPathId: row.learning_path_id,
      requirements: row.requirements,
      stepOverrides: row.step_overrides,
    };
    return row.learner_ids.map((learnerId) => ({ learnerId, configuration }));
  });
  const evaluations = await evaluateTargets(em, targets);
  if (evaluations.length === 0) return [];

  const written = await storeEvaluations(em, evaluations);
  const wasEligible = new Map(
    written
      .filter((pair) => pair.changed)
      .map((pair) => [pairKey(pair.learnerId, pair.configurationId), pair.wasEligible]),
  );
  const changes = evaluations.flatMap(({ learnerId, configuration, evaluation }) => {
    const before = wasEligible.get(pairKey(learnerId, configuration.id));
    if (before === undefined) return [];
    return [
      {
        learnerId,
        configurationId: configuration.id,
        courseId: configuration.courseId,
        learningPathId: configuration.learningPathId,
        eligible: evaluation.eligible,
        wasEligible: before,
        progress: evaluation.progress,
        evaluation,
      },
    ];
  });
  if (changes.length > 0) {
    for (const listener of listeners) await listener.inTransaction?.(em, changes);
  }
  return changes;
}

/** Tells the listeners about changes that are now committed. */
export async function notifyCommitted(
  listeners: readonly ProgressListener[],
  changes: readonly EligibilityChange[],
  logger: Logger,
): Promise<void> {
  if (changes.length === 0) return;
  for (const listener of listeners) {
    try {
      await listener.afterCommit?.(changes);
    } catch (err) {
      logger.error({ err }, 'a progress listener failed after commit');
    }
  }
}
