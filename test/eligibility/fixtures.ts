import type {
  AssignmentTypeWeight,
  CourseRules,
  LearnerCourseFacts,
  Requirement,
} from '../../src/modules/eligibility';

export const completion = (min: number, includeOptional = false): Requirement => ({
  kind: 'COMPLETION',
  min,
  includeOptional,
});
export const grade = (min: number): Requirement => ({ kind: 'GRADE', min });
export const assignmentGrade = (assignmentType: string, min: number): Requirement => ({
  kind: 'ASSIGNMENT_GRADE',
  assignmentType,
  min,
});

export function policy(weights: Record<string, number>): AssignmentTypeWeight[] {
  return Object.entries(weights).map(([assignmentType, weight]) => ({ assignmentType, weight }));
}

export function course(id: string, parts: Partial<Omit<CourseRules, 'id'>> = {}): CourseRules {
  return { id, gradingPolicy: [], blocks: [], gradedItems: [], ...parts };
}

/** `count` required blocks named `<prefix>-b0`, `<prefix>-b1`, … */
export function blocks(prefix: string, count: number, optional = false): CourseRules['blocks'] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-b${i}`, optional }));
}

/** One graded item per assignment type, 100 possible points, id `<type>-1`. */
export function oneItemPerType(types: readonly string[]): CourseRules['gradedItems'] {
  return types.map((assignmentType) => ({
    id: `${assignmentType}-1`,
    assignmentType,
    possiblePoints: 100,
  }));
}

export function facts(
  completions: Record<string, number> = {},
  scores: Record<string, number> = {},
): LearnerCourseFacts {
  return {
    completions: new Map(Object.entries(completions)),
    scores: new Map(Object.entries(scores)),
  };
}

/** Completions for `blockIds`: the first `full` at 1, then one per value of `partial`. */
export function completed(
  blockIds: readonly string[],
  full: number,
  partial: readonly number[] = [],
): Record<string, number> {
  const values = [...Array<number>(full).fill(1), ...partial];
  return Object.fromEntries(values.map((value, i) => [blockIds[i], value]));
}

export const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);
