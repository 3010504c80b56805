import { formatFraction, meets, round4 } from './rounding';
import { getEvaluator } from './requirements/registry';
import type { CourseRules, LearnerCourseFacts, Requirement, RequirementProgress } from './types';

/** Measures one requirement in one course; `current` and `required` are rounded with round4. */
export function evaluateRequirement(
  req: Requirement,
  course: CourseRules,
  facts: LearnerCourseFacts,
): RequirementProgress {
  const evaluator = getEvaluator(req.kind);
  const measurement = evaluator.measure(req, course, facts);
  const current = round4(measurement.current);
  const required = evaluator.threshold === 'min' ? round4(req.min ?? 0) : 1;
  const blockedBy = measurement.reason ?? null;
  const met = blockedBy === null && meets(current, required);
  const shortfall = () =>
    `${evaluator.label(req)} ${formatFraction(current)} is below ${formatFraction(required)}`;
  return {
    kind: req.kind,
    assignmentType: req.assignmentType ?? null,
    required,
    current,
    met,
    reason: met ? null : (blockedBy ?? shortfall()),
    ...(measurement.counts ? { counts: measurement.counts } : {}),
  };
}
