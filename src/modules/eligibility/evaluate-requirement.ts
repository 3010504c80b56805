import { requirementFraction } from './progress';
import { formatFraction, meets, round4 } from './rounding';
import { getEvaluator } from './requirements/registry';
import {
  type CourseRules,
  type GroupKind,
  isGroupKind,
  type LearnerCourseFacts,
  type Requirement,
  type RequirementProgress,
} from './types';

/** Measures one requirement in one course; `current` and `required` are rounded with round4. */
export function evaluateRequirement(
  req: Requirement,
  course: CourseRules,
  facts: LearnerCourseFacts,
): RequirementProgress {
  if (isGroupKind(req.kind)) return evaluateGroup(req.kind, req, course, facts);
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

/**
 * A group's progress is a fraction of 1 (required 1): ALL_OF is met when every member is
 * (and it has one), its current is the mean of its members' fractions, as for a
 * configuration's list; ANY_OF is met when a member is, its current is the best member's
 * fraction. Members are measured in the same course.
 */
function evaluateGroup(
  kind: GroupKind,
  req: Requirement,
  course: CourseRules,
  facts: LearnerCourseFacts,
): RequirementProgress {
  const children = (req.requirements ?? []).map((child) =>
    evaluateRequirement(child, course, facts),
  );
  const fractions = children.map(requirementFraction);
  const anyOf = kind === 'ANY_OF';
  const current =
    children.length === 0
      ? 0
      : round4(
          anyOf
            ? Math.max(...fractions)
            : fractions.reduce((sum, fraction) => sum + fraction, 0) / fractions.length,
        );
  const met =
    children.length > 0 && (anyOf ? children.some((c) => c.met) : children.every((c) => c.met));
  const unmet = children.filter((child) => !child.met).map((child) => child.reason);
  const reason = met
    ? null
    : anyOf
      ? `None of ${children.length} alternatives is met: ${unmet.join('; ')}`
      : `Not all met: ${unmet.join('; ')}`;
  return {
    kind,
    assignmentType: null,
    required: 1,
    current,
    met,
    reason,
    children,
  };
}
