/** Every requirement kind the evaluator knows; each has exactly one evaluator in the registry. */
export const REQUIREMENT_KINDS = [
  'COMPLETION',
  'GRADE',
  'ASSIGNMENT_GRADE',
  'ENROLLMENT_TRACK',
  'DISCUSSION',
] as const;

/** The kinds measured by an evaluator of the registry. */
export type EvaluatedKind = (typeof REQUIREMENT_KINDS)[number];

/** Groups over requirements: all of them, or at least one of them, must be met. */
export const GROUP_KINDS = ['ALL_OF', 'ANY_OF'] as const;

export type GroupKind = (typeof GROUP_KINDS)[number];

export type RequirementKind = EvaluatedKind | GroupKind;

export function isGroupKind(kind: string): kind is GroupKind {
  return (GROUP_KINDS as readonly string[]).includes(kind);
}

/**
 * The deepest a requirement tree goes: the configuration's list is level 1, a group in it
 * holds level 2, a group in that holds level 3; a group on level 3 is rejected.
 */
export const MAX_REQUIREMENT_DEPTH = 3;

/** The kinds as an enum-like object (the API registers it as the `RequirementKind` enum). */
export const RequirementKind = Object.fromEntries(
  [...REQUIREMENT_KINDS, ...GROUP_KINDS].map((kind) => [kind, kind]),
) as {
  readonly [K in RequirementKind]: K;
};

export interface Requirement {
  kind: RequirementKind;
  /**
   * Fraction in [0, 1] the measured value must reach, for kinds with a threshold; stored
   * as 1 for kinds without one (met means fully met).
   */
  min?: number | null;
  assignmentType?: string | null;
  includeOptional?: boolean | null;
  /** ENROLLMENT_TRACK: the enrollment modes that qualify (compared case-insensitively). */
  modes?: string[] | null;
  /** DISCUSSION: active (not deleted, not flagged) posts of any kind. */
  minPosts?: number | null;
  /** DISCUSSION: distinct UTC days with an active post. */
  minDistinctDays?: number | null;
  /** DISCUSSION: responses other learners gave to the learner's posts; absent = no minimum. */
  minResponsesReceived?: number | null;
  /** ALL_OF / ANY_OF: the group's members (absent on every other kind). */
  requirements?: Requirement[] | null;
}

export interface StepOverride {
  courseId: string;
  requirements: Requirement[];
}

export interface AssignmentTypeWeight {
  assignmentType: string;
  weight: number;
}

export interface CourseRules {
  id: string;
  gradingPolicy: AssignmentTypeWeight[];
  blocks: { id: string; optional: boolean }[];
  gradedItems: { id: string; assignmentType: string; possiblePoints: number }[];
}

/** A learner's value per block or item id (a Map satisfies it). */
export interface FactLookup {
  get(id: string): number | undefined;
}

export interface LearnerCourseFacts {
  /** blockId -> completion in [0, 1] */
  completions: FactLookup;
  /** itemId -> earned points */
  scores: FactLookup;
  /** The learner's enrollment mode in the course (audit, verified, …); absent when unknown. */
  enrollmentMode?: string | null;
  /** Facts a kind declared (`RequirementEvaluator.facts`), by name; absent when none was loaded. */
  extra?: Readonly<Record<string, unknown>>;
}

/** One count of a requirement against its minimum (e.g. discussion posts: 3 of 5). */
export interface RequirementCount {
  label: string;
  current: number;
  required: number;
  met: boolean;
}

export interface RequirementProgress {
  kind: RequirementKind;
  assignmentType: string | null;
  required: number;
  current: number;
  met: boolean;
  /** Why the requirement is not met; null when it is. */
  reason: string | null;
  /** The counts the requirement is made of, for kinds that count (absent otherwise). */
  counts?: RequirementCount[];
  /** ALL_OF / ANY_OF: each member's progress (absent on every other kind). */
  children?: RequirementProgress[];
}

export interface StepProgress {
  courseId: string;
  /** Whether the step's requirements are met; enrollment is not considered. */
  eligible: boolean;
  requirements: RequirementProgress[];
}

export interface Evaluation {
  eligible: boolean;
  enrolled: boolean;
  progress: number;
  requirements: RequirementProgress[];
  steps: StepProgress[] | null;
}

/** One input problem, with the path of the offending field (e.g. `requirements[2].min`). */
export interface ValidationProblem {
  field: string;
  message: string;
}
