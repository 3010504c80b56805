import type { CourseInput } from '../operations/generated';

/** A course with one item per assignment type (100 points each) and `blocks` content blocks. */
export function courseInput(
  id: string,
  options: { blocks?: number; policy?: [string, number][]; title?: string } = {},
): CourseInput {
  const policy = options.policy ?? [
    ['Homework', 0.3],
    ['Lab', 0.3],
    ['Exam', 0.4],
  ];
  return {
    id,
    title: options.title ?? `Course ${id}`,
    gradingPolicy: policy.map(([assignmentType, weight]) => ({ assignmentType, weight })),
    blocks: Array.from({ length: options.blocks ?? 10 }, (_, i) => ({
      id: `${id}/block-${i}`,
      optional: false,
    })),
    gradedItems: policy.map(([assignmentType]) => ({
      id: `${id}/${assignmentType.toLowerCase()}-1`,
      assignmentType,
      possiblePoints: 100,
    })),
  };
}
