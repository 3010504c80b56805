import type {
  CourseRules,
  EvaluatedKind,
  LearnerCourseFacts,
  Requirement,
  RequirementCount,
} from '../types';

export interface Measurement {
  current: number;
  /**
   * Why the requirement is not met whatever `current` says: it cannot be met at all (its
   * assignment type was dropped) or it is not a matter of degree (the enrollment track).
   */
  reason?: string | null;
  /** Counts that make up `current`, each against its minimum (shown in progress). */
  counts?: RequirementCount[];
}

/**
 * Facts a kind reads beyond completions, scores and the enrollment mode. They are loaded
 * with the others, in the same statement, for every (learner, course) pair evaluated, but
 * only when a configuration being evaluated uses the kind.
 */
export interface FactSource {
  /** The evaluator finds the value at `facts.extra[name]`. */
  name: string;
  /**
   * A scalar subquery over `k.learner_id` and `k.course_id` that returns one JSON value; facts
   * dated before `k.since` (a timestamptz, null = no bound) must not count (renewal).
   */
  sql: string;
}

/** A problem with one requirement, naming the offending requirement field. */
export interface RequirementProblem {
  field: keyof Requirement;
  message: string;
}

/**
 * Everything the core needs to know about one requirement kind. A kind is one module in
 * this folder exporting one of these, listed in `registry.ts`; the core has no case for
 * any kind.
 */
export interface RequirementEvaluator {
  kind: EvaluatedKind;
  /** Whether `assignmentType` must be given or must be absent for this kind. */
  assignmentType: 'required' | 'forbidden';
  /**
   * `min`: the kind has a threshold in [0, 1] (`min` must be given). `none`: it has none;
   * `min` is stored as 1 and `current` is a fraction of 1.
   */
  threshold: 'min' | 'none';
  /** Facts the kind needs that the core does not load for every kind. */
  facts?: readonly FactSource[];
  /** The kind's own parameter fields; the core rejects them on requirements of other kinds. */
  parameters?: readonly (keyof Requirement)[];
  /** What is measured, for messages: "Completion", "Grade", "Homework grade". */
  label(req: Requirement): string;
  /** Problems with the kind's own parameters, independent of any course. */
  validateParameters?(req: Requirement): RequirementProblem[];
  /** A problem when the requirement cannot apply to this course; null when it can. */
  validate(req: Requirement, course: CourseRules): RequirementProblem | null;
  /** Pure: the learner's value from the course and the learner's facts in it. */
  measure(req: Requirement, course: CourseRules, facts: LearnerCourseFacts): Measurement;
  /** Step overrides replace path requirements with the same key. */
  mergeKey(req: Requirement): string;
}
