import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluateCourse, evaluatePath, NO_FACTS } from './evaluate';
import type { FactSource } from './requirements/evaluator';
import { findEvaluator } from './requirements/registry';
import type {
  AssignmentTypeWeight,
  CourseRules,
  Evaluation,
  FactLookup,
  LearnerCourseFacts,
  Requirement,
  StepOverride,
} from './types';

/**
 * The database side of evaluation: fetches rules and facts for many (learner,
 * configuration) pairs with a constant number of set-based statements and feeds
 * the pure evaluator. Sets travel to PostgreSQL as one JSON parameter each.
 */

/** What evaluation needs of a credential configuration. */
export interface ConfigurationRules {
  id: string;
  courseId: string | null;
  learningPathId: string | null;
  requirements: readonly Requirement[];
  stepOverrides: readonly StepOverride[];
}

export interface EvaluationTarget {
  learnerId: string;
  configuration: ConfigurationRules;
  /**
   * Only facts recorded at or after this moment count (renewal by re-earning): completions
   * and scores by their `occurredAt`, discussion posts by when they were posted. Enrollment
   * always counts. Absent = every fact.
   */
  factsSince?: Date | null;
}

export interface LearnerEvaluation extends EvaluationTarget {
  evaluation: Evaluation;
}

const key = (...parts: string[]) => parts.join('\u0000');

const STEPS_SQL = `
select s.learning_path_id, s.course_id
from learning_path_step s
where s.learning_path_id in (select value from json_array_elements_text(?::json))
order by s.learning_path_id, s.position`;

const RULES_SQL = `
select c.id, c.grading_policy,
  coalesce((select json_agg(json_build_object('id', b.id, 'optional', b.optional) order by b.position)
            from content_block b where b.course_id = c.id), '[]'::json) as blocks,
  coalesce((select json_agg(json_build_object('id', g.id, 'assignmentType', g.assignment_type,
                                              'possiblePoints', g.possible_points) order by g.position)
            from graded_item g where g.course_id = c.id), '[]'::json) as graded_items
from course c
where c.id in (select value from json_array_elements_text(?::json))`;

const ENROLLMENTS_SQL = `
with k as (
  select * from json_to_recordset(?::json) as k(learner_id text, course_id text, learning_path_id text)
)
select e.learner_id, e.course_id as context_id, e.active
from k join enrollment e on e.learner_id = k.learner_id and e.course_id = k.course_id
union all
select e.learner_id, e.learning_path_id, e.active
from k join enrollment e on e.learner_id = k.learner_id and e.learning_path_id = k.learning_path_id`;

/** Completions, scores and enrollment mode, and the facts the evaluated kinds declared. */
function factsSql(sources: readonly FactSource[]): string {
  const extra = sources.map((source, i) => `,\n  (${source.sql}) as extra_${i}`).join('');
  return `
select k.learner_id, k.course_id, k.since_text as since,
  (select json_object_agg(b.block_id, b.completion) from block_completion b
    where b.course_id = k.course_id and b.learner_id = k.learner_id
      and (k.since is null or b.occurred_at >= k.since)) as completions,
  (select json_object_agg(s.item_id, s.earned) from item_score s
    where s.course_id = k.course_id and s.learner_id = k.learner_id
      and (k.since is null or s.occurred_at >= k.since)) as scores,
  (select e.mode from enrollment e
    where e.course_id = k.course_id and e.learner_id = k.learner_id) as enrollment_mode${extra}
from json_to_recordset(?::json) as k(learner_id text, course_id text, since timestamptz, since_text text)`;
}

/** The kinds a requirement tree uses, groups' members included. */
function kindsOf(requirements: readonly Requirement[], into: Set<string>): Set<string> {
  for (const req of requirements) {
    into.add(req.kind);
    kindsOf(req.requirements ?? [], into);
  }
  return into;
}

/** The fact sources of every kind the configurations use, each once. */
function factSourcesOf(configurations: readonly ConfigurationRules[]): FactSource[] {
  const kinds = new Set<string>();
  for (const config of configurations) {
    kindsOf(config.requirements, kinds);
    for (const override of config.stepOverrides) kindsOf(override.requirements, kinds);
  }
  const sources = new Map<string, FactSource>();
  for (const kind of kinds) {
    for (const source of findEvaluator(kind)?.facts ?? []) sources.set(source.name, source);
  }
  return [...sources.values()];
}

const ENROLLED_LEARNERS_SQL = `
select e.learner_id, e.active from enrollment e
where e.course_id = ? or e.learning_path_id = ?
order by e.learner_id`;

const ACTIVE_LEARNERS_SQL = `
select e.learner_id from enrollment e
where e.active and (e.course_id = ? or e.learning_path_id = ?)
order by e.learner_id
limit ?`;

/**
 * The learners actively enrolled in a configuration's course or path, at most `limit` of
 * them (ask for one more than wanted to tell whether there are more).
 */
export async function activeLearnersOf(
  em: EntityManager,
  context: Pick<ConfigurationRules, 'courseId' | 'learningPathId'>,
  limit: number,
): Promise<string[]> {
  const rows = await em.execute<{ learner_id: string }[]>(ACTIVE_LEARNERS_SQL, [
    context.courseId,
    context.learningPathId,
    limit,
  ]);
  return rows.map((row) => row.learner_id);
}

interface RulesRow {
  id: string;
  grading_policy: AssignmentTypeWeight[];
  blocks: CourseRules['blocks'];
  graded_items: CourseRules['gradedItems'];
}

interface FactsRow {
  learner_id: string;
  course_id: string;
  since: string | null;
  completions: Record<string, number> | null;
  scores: Record<string, number> | null;
  enrollment_mode: string | null;
  /** `extra_<i>`: the value of the i-th fact source. */
  [extra: `extra_${number}`]: unknown;
}

/** A (learner, course) pair whose facts are read, from `since` on when it is set. */
interface CoursePair {
  learner_id: string;
  course_id: string;
  since: string | null;
  /** `since` as given, handed back to key the row (PostgreSQL would reformat it). */
  since_text: string | null;
}

interface ContextPair {
  learner_id: string;
  course_id: string | null;
  learning_path_id: string | null;
}

function emptyCourse(id: string): CourseRules {
  return { id, gradingPolicy: [], blocks: [], gradedItems: [] };
}

/** Ordered step course ids of each path. */
async function loadSteps(
  em: EntityManager,
  pathIds: readonly string[],
): Promise<Map<string, string[]>> {
  const steps = new Map<string, string[]>(pathIds.map((id) => [id, []]));
  if (pathIds.length === 0) return steps;
  const rows = await em.execute<{ learning_path_id: string; course_id: string }[]>(STEPS_SQL, [
    JSON.stringify(pathIds),
  ]);
  for (const row of rows) steps.get(row.learning_path_id)?.push(row.course_id);
  return steps;
}

/** Grading policy, blocks and graded items of each course. */
async function loadRules(
  em: EntityManager,
  courseIds: readonly string[],
): Promise<Map<string, CourseRules>> {
  if (courseIds.length === 0) return new Map();
  const rows = await em.execute<RulesRow[]>(RULES_SQL, [JSON.stringify(courseIds)]);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        gradingPolicy: row.grading_policy,
        blocks: row.blocks,
        gradedItems: row.graded_items,
      },
    ]),
  );
}

/** Active flag of each (learner, course or path) enrollment that exists. */
async function loadEnrollments(
  em: EntityManager,
  pairs: readonly ContextPair[],
): Promise<Map<string, boolean>> {
  if (pairs.length === 0) return new Map();
  const rows = await em.execute<{ learner_id: string; context_id: string; active: boolean }[]>(
    ENROLLMENTS_SQL,
    [JSON.stringify(pairs)],
  );
  return new Map(rows.map((row) => [key(row.learner_id, row.context_id), row.active]));
}

const NOTHING: FactLookup = { get: () => undefined };

/**
 * Reads the JSON object PostgreSQL built in place: copying 10,000 learners' facts into
 * Maps cost more than the query (allocation and garbage collection).
 */
function lookup(values: Record<string, number> | null): FactLookup {
  if (values === null) return NOTHING;
  return { get: (id) => (Object.hasOwn(values, id) ? values[id] : undefined) };
}

/** Completions, scores, enrollment mode and the declared facts of each (learner, course) pair. */
async function loadFacts(
  em: EntityManager,
  pairs: readonly CoursePair[],
  sources: readonly FactSource[],
): Promise<Map<string, LearnerCourseFacts>> {
  if (pairs.length === 0) return new Map();
  const rows = await em.execute<FactsRow[]>(factsSql(sources), [JSON.stringify(pairs)]);
  return new Map(
    rows.map((row) => [
      key(row.learner_id, row.course_id, row.since ?? ''),
      {
        completions: lookup(row.completions),
        scores: lookup(row.scores),
        enrollmentMode: row.enrollment_mode,
        ...(sources.length > 0
          ? {
              extra: Object.fromEntries(
                sources.map((source, i) => [source.name, row[`extra_${i}`]]),
              ),
            }
          : {}),
      },
    ]),
  );
}

/**
 * Evaluates every target, in order, with at most four statements whatever the
 * number of targets: path steps, course rules, enrollments, facts.
 */
export function evaluateTargets(
  em: EntityManager,
  targets: readonly EvaluationTarget[],
): Promise<LearnerEvaluation[]> {
  return evaluate(em, targets, null);
}

/** `enrollments`, when the caller already has them, saves the enrollment statement. */
async function evaluate(
  em: EntityManager,
  targets: readonly EvaluationTarget[],
  knownEnrollments: ReadonlyMap<string, boolean> | null,
): Promise<LearnerEvaluation[]> {
  if (targets.length === 0) return [];
  const pathIds = unique(targets.flatMap((t) => t.configuration.learningPathId ?? []));
  const steps = await loadSteps(em, pathIds);
  const coursesOf = (config: ConfigurationRules): string[] =>
    config.courseId ? [config.courseId] : (steps.get(config.learningPathId ?? '') ?? []);

  const contextPairs = new Map<string, ContextPair>();
  const coursePairs = new Map<string, CoursePair>();
  for (const { learnerId, configuration, factsSince } of targets) {
    const since = factsSince?.toISOString() ?? null;
    const { courseId, learningPathId } = configuration;
    contextPairs.set(key(learnerId, courseId ?? learningPathId ?? ''), {
      learner_id: learnerId,
      course_id: courseId,
      learning_path_id: learningPathId,
    });
    for (const course of coursesOf(configuration)) {
      coursePairs.set(key(learnerId, course, since ?? ''), {
        learner_id: learnerId,
        course_id: course,
        since,
        since_text: since,
      });
    }
  }
  const [rules, enrollments, facts] = await inParallel(
    em,
    () => loadRules(em, unique([...coursePairs.values()].map((pair) => pair.course_id))),
    async () => knownEnrollments ?? loadEnrollments(em, [...contextPairs.values()]),
    () =>
      loadFacts(
        em,
        [...coursePairs.values()],
        factSourcesOf(unique(targets.map((target) => target.configuration))),
      ),
  );

  const courseRules = (id: string) => rules.get(id) ?? emptyCourse(id);
  return targets.map(({ learnerId, configuration, factsSince }) => {
    const since = factsSince?.toISOString() ?? '';
    const contextId = configuration.courseId ?? configuration.learningPathId ?? '';
    const enrolled = enrollments.get(key(learnerId, contextId)) === true;
    const evaluation = configuration.courseId
      ? evaluateCourse({
          requirements: configuration.requirements,
          course: courseRules(configuration.courseId),
          enrolled,
          facts: facts.get(key(learnerId, configuration.courseId, since)) ?? NO_FACTS,
        })
      : evaluatePath({
          requirements: configuration.requirements,
          stepOverrides: configuration.stepOverrides,
          steps: coursesOf(configuration).map(courseRules),
          enrolled,
          factsByCourse: new Map(
            coursesOf(configuration).map((courseId) => [
              courseId,
              facts.get(key(learnerId, courseId, since)) ?? NO_FACTS,
            ]),
          ),
        });
    return { learnerId, configuration, ...(factsSince ? { factsSince } : {}), evaluation };
  });
}

/**
 * Evaluates one configuration for the given learners, or for every learner with an
 * enrollment (active or not) in its context: one more statement to find them.
 */
export async function evaluateConfiguration(
  em: EntityManager,
  configuration: ConfigurationRules,
  learnerIds?: readonly string[],
): Promise<LearnerEvaluation[]> {
  const targets = (ids: readonly string[]) =>
    unique(ids).map((learnerId) => ({ learnerId, configuration }));
  if (learnerIds) return evaluate(em, targets(learnerIds), null);
  const enrolled = await em.execute<{ learner_id: string; active: boolean }[]>(
    ENROLLED_LEARNERS_SQL,
    [configuration.courseId, configuration.learningPathId],
  );
  const contextId = configuration.courseId ?? configuration.learningPathId ?? '';
  return evaluate(
    em,
    targets(enrolled.map((row) => row.learner_id)),
    new Map(enrolled.map((row) => [key(row.learner_id, contextId), row.active])),
  );
}

/**
 * Runs the fetches side by side on pool connections; in a transaction, which has
 * one connection, one after the other.
 */
async function inParallel<A, B, C>(
  em: EntityManager,
  a: () => Promise<A>,
  b: () => Promise<B>,
  c: () => Promise<C>,
): Promise<[A, B, C]> {
  if (!em.isInTransaction()) return Promise.all([a(), b(), c()]);
  return [await a(), await b(), await c()];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
