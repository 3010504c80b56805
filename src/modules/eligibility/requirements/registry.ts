import type { EvaluatedKind, RequirementKind } from '../types';
import { assignmentGradeRequirement } from './assignment-grade';
import { completionRequirement } from './completion';
import { discussionRequirement } from './discussion';
import { enrollmentTrackRequirement } from './enrollment-track';
import type { RequirementEvaluator } from './evaluator';
import { gradeRequirement } from './grade';

/** One evaluator per kind; the compiler rejects a kind without one. */
const evaluators: Readonly<Record<EvaluatedKind, RequirementEvaluator>> = {
  COMPLETION: completionRequirement,
  GRADE: gradeRequirement,
  ASSIGNMENT_GRADE: assignmentGradeRequirement,
  ENROLLMENT_TRACK: enrollmentTrackRequirement,
  DISCUSSION: discussionRequirement,
};

for (const [kind, evaluator] of Object.entries(evaluators)) {
  if (evaluator.kind !== kind) {
    throw new Error(`Evaluator for ${evaluator.kind} is registered under ${kind}`);
  }
}

/** A kind with an evaluator (groups have none: the core evaluates them from their members). */
export function isRequirementKind(value: string): value is EvaluatedKind {
  return Object.hasOwn(evaluators, value);
}

/** The evaluator for a kind, or undefined for a kind nobody registered. */
export function findEvaluator(kind: string): RequirementEvaluator | undefined {
  return isRequirementKind(kind) ? evaluators[kind] : undefined;
}

export function getEvaluator(kind: RequirementKind): RequirementEvaluator {
  const evaluator = findEvaluator(kind);
  if (!evaluator) throw new Error(`No evaluator is registered for requirement kind ${kind}`);
  return evaluator;
}

export function registeredKinds(): EvaluatedKind[] {
  return Object.keys(evaluators).filter(isRequirementKind);
}
