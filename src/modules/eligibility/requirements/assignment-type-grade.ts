import type { CourseRules, LearnerCourseFacts } from '../types';

export function hasAssignmentType(course: CourseRules, assignmentType: string): boolean {
  return course.gradingPolicy.some((entry) => entry.assignmentType === assignmentType);
}

/**
 * grade(type) = Σ earned / Σ possible over the course's graded items of that type.
 * Unscored items count 0 earned; Σ possible = 0 gives 0.
 */
export function assignmentTypeGrade(
  course: CourseRules,
  facts: LearnerCourseFacts,
  assignmentType: string,
): number {
  let earned = 0;
  let possible = 0;
  for (const item of course.gradedItems) {
    if (item.assignmentType !== assignmentType) continue;
    possible += item.possiblePoints;
    earned += facts.scores.get(item.id) ?? 0;
  }
  return possible > 0 ? earned / possible : 0;
}
