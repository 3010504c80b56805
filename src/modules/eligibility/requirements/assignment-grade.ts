import type { Requirement } from '../types';
import { assignmentTypeGrade, hasAssignmentType } from './assignment-type-grade';
import type { RequirementEvaluator } from './evaluator';

function typeOf(req: Requirement): string {
  return req.assignmentType ?? '';
}

/** grade(type) for one assignment type of the course's grading policy. */
export const assignmentGradeRequirement: RequirementEvaluator = {
  kind: 'ASSIGNMENT_GRADE',
  assignmentType: 'required',
  threshold: 'min',
  label: (req) => `${typeOf(req)} grade`,
  validate(req, course) {
    if (hasAssignmentType(course, typeOf(req))) return null;
    return {
      field: 'assignmentType',
      message: `Assignment type "${typeOf(req)}" is not in the grading policy of course ${course.id}`,
    };
  },
  measure(req, course, facts) {
    const assignmentType = typeOf(req);
    if (!hasAssignmentType(course, assignmentType)) {
      return {
        current: 0,
        reason: `Assignment type "${assignmentType}" is not in the course's grading policy`,
      };
    }
    return { current: assignmentTypeGrade(course, facts, assignmentType) };
  },
  mergeKey: (req) => `${req.kind}:${typeOf(req)}`,
};
