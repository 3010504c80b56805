import type { Evaluation, RequirementProgress } from '../eligibility';
import type { RenderAchievement } from './pdf';

/** Requirements and the members of their groups, depth first. */
function flatten(requirements: readonly RequirementProgress[]): RequirementProgress[] {
  return requirements.flatMap((requirement) => [
    requirement,
    ...flatten(requirement.children ?? []),
  ]);
}

/**
 * What the certificate's description line tells, from the learner's evaluation at issue:
 * the overall grade a GRADE requirement measured (a course), and the number of courses of a
 * learning path. Null when there is nothing to tell.
 */
export function achievementOf(evaluation: Evaluation | null): RenderAchievement | null {
  if (!evaluation) return null;
  const grade = flatten(evaluation.requirements).find(
    (requirement) => requirement.kind === 'GRADE' && requirement.met,
  );
  const achievement: RenderAchievement = {
    grade: grade ? grade.current : null,
    courseCount: evaluation.steps ? evaluation.steps.length : null,
  };
  return achievement.grade === null && achievement.courseCount === null ? null : achievement;
}
