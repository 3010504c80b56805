/** The plain-words criteria of an achievement, from its configuration's requirements. */
import { round4, type Requirement, type StepOverride } from '../eligibility';

/** A fraction as a percentage number in plain text: 0.925 → "92.5". */
export function percentValue(fraction: number): string {
  return String(Number((round4(fraction) * 100).toFixed(2)));
}

function percent(min: number): string {
  return `${percentValue(min)}%`;
}

function sentence(requirement: Requirement): string {
  const min = percent(requirement.min ?? 1);
  switch (requirement.kind) {
    case 'COMPLETION':
      return requirement.includeOptional
        ? `Complete at least ${min} of the content, optional parts included.`
        : `Complete at least ${min} of the required content.`;
    case 'GRADE':
      return `Reach an overall grade of at least ${min}.`;
    case 'ASSIGNMENT_GRADE':
      return `Reach at least ${min} in the ${requirement.assignmentType ?? 'graded'} assignments.`;
    case 'ALL_OF':
      return `All of: ${(requirement.requirements ?? []).map(sentence).join(' ')}`;
    case 'ANY_OF':
      return `One of: ${(requirement.requirements ?? []).map(sentence).join(' Or: ')}`;
    case 'DISCUSSION':
      return `Take part in the discussions: at least ${requirement.minPosts ?? 0} posts on ${requirement.minDistinctDays ?? 0} different days${requirement.minResponsesReceived ? `, with ${requirement.minResponsesReceived} responses from others` : ''}.`;
    case 'ENROLLMENT_TRACK':
      return `Be enrolled in the ${(requirement.modes ?? []).join(' or ')} track.`;
    default:
      return `Meet the ${String(requirement.kind as string).toLowerCase()} requirement of at least ${min}.`;
  }
}

/**
 * E.g. "Earned by completing Introduction to Rust. Complete at least 80% of the required
 * content. Reach an overall grade of at least 70%."
 */
export function criteriaNarrative(
  contextTitle: string,
  requirements: readonly Requirement[],
  stepOverrides: readonly StepOverride[] = [],
): string {
  const parts = [`Earned in ${contextTitle}.`];
  if (requirements.length === 0 && stepOverrides.length === 0) {
    parts.push('No requirement beyond taking part.');
  }
  parts.push(...requirements.map(sentence));
  for (const step of stepOverrides) {
    parts.push(`For the course ${step.courseId}: ${step.requirements.map(sentence).join(' ')}`);
  }
  return parts.join(' ');
}
