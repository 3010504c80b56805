/** The grades a credential's rules asked for, as OB 3.0 results, from the evaluation at issue. */
import type { Evaluation, RequirementProgress } from '../eligibility';
import { percentValue } from './criteria';

export interface OpenBadgeResult {
  /** E.g. "Overall grade", "Final Exam grade", "Overall grade in course-v1:Org+X+1". */
  name: string;
  /** Percent, as text ("80"). */
  requiredValue: string;
  /** Percent, as text ("92.5"). */
  value: string;
}

const GRADE_KINDS = new Set(['GRADE', 'ASSIGNMENT_GRADE']);

function resultOf(requirement: RequirementProgress, courseId: string | null): OpenBadgeResult {
  const what =
    requirement.kind === 'ASSIGNMENT_GRADE'
      ? `${requirement.assignmentType ?? 'Assignment'} grade`
      : 'Overall grade';
  return {
    name: courseId === null ? what : `${what} in ${courseId}`,
    requiredValue: percentValue(requirement.required),
    value: percentValue(requirement.current),
  };
}

/** Only grades: completion is a condition met, not a result worth reporting. */
export function resultsOf(evaluation: Evaluation | null): OpenBadgeResult[] {
  if (!evaluation) return [];
  const results = evaluation.requirements
    .filter((requirement) => GRADE_KINDS.has(requirement.kind))
    .map((requirement) => resultOf(requirement, null));
  for (const step of evaluation.steps ?? []) {
    for (const requirement of step.requirements) {
      if (GRADE_KINDS.has(requirement.kind)) results.push(resultOf(requirement, step.courseId));
    }
  }
  return results;
}
