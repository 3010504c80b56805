import { assignmentTypeGrade } from './assignment-type-grade';
import type { RequirementEvaluator } from './evaluator';

/** overall grade = Σ over the grading policy of weight(type) × grade(type). */
export const gradeRequirement: RequirementEvaluator = {
  kind: 'GRADE',
  assignmentType: 'forbidden',
  threshold: 'min',
  label: () => 'Grade',
  validate: () => null,
  measure(_req, course, facts) {
    const current = course.gradingPolicy.reduce(
      (sum, entry) => sum + entry.weight * assignmentTypeGrade(course, facts, entry.assignmentType),
      0,
    );
    return { current };
  },
  mergeKey: (req) => req.kind,
};
