import type { CourseRules, LearnerCourseFacts, Requirement, RequirementKind } from '../types';

export interface Measurement {
  current: number;
  /** Set when the requirement cannot be met at all (e.g. its assignment type was dropped). */
  reason?: string | null;
}

/** A problem with one requirement against one course, naming the offending requirement field. */
export interface RequirementProblem {
  field: keyof Requirement;
  message: string;
}

/** Everything the core needs to know about one requirement kind. */
export interface RequirementEvaluator {
  kind: RequirementKind;
  /** Whether `assignmentType` must be given or must be absent for this kind. */
  assignmentType: 'required' | 'forbidden';
  /** What is measured, for messages: "Completion", "Grade", "Homework grade". */
  label(req: Requirement): string;
  /** A problem when the requirement cannot apply to this course; null when it can. */
  validate(req: Requirement, course: CourseRules): RequirementProblem | null;
  measure(req: Requirement, course: CourseRules, facts: LearnerCourseFacts): Measurement;
  /** Step overrides replace path requirements with the same key. */
  mergeKey(req: Requirement): string;
}
