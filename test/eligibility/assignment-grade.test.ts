import { evaluateCourse, getEvaluator, type CourseRules } from '../../src/modules/eligibility';
import { assignmentGrade, course, facts, grade, policy } from './fixtures';

interface QuizCase {
  what: string;
  items: CourseRules['gradedItems'];
  scores: Record<string, number>;
  current: number;
}

describe('ASSIGNMENT_GRADE and GRADE edge cases', () => {
  it.each<QuizCase>([
    {
      what: 'no items of the type',
      items: [],
      scores: {},
      current: 0,
    },
    {
      what: 'Σ possible = 0',
      items: [{ id: 'q1', assignmentType: 'Quiz', possiblePoints: 0 }],
      scores: { q1: 5 },
      current: 0,
    },
    {
      what: 'unscored items count 0',
      items: [
        { id: 'q1', assignmentType: 'Quiz', possiblePoints: 10 },
        { id: 'q2', assignmentType: 'Quiz', possiblePoints: 10 },
      ],
      scores: { q1: 10 },
      current: 0.5,
    },
    {
      what: 'items of other types are not counted',
      items: [
        { id: 'q1', assignmentType: 'Quiz', possiblePoints: 10 },
        { id: 'x1', assignmentType: 'Exam', possiblePoints: 90 },
      ],
      scores: { q1: 10, x1: 0 },
      current: 1,
    },
  ])('Quiz grade with $what → $current', ({ items, scores, current }) => {
    const rules = course('course-v1:Laurel+Q+2026', {
      gradingPolicy: policy({ Quiz: 0.5, Exam: 0.5 }),
      gradedItems: items,
    });
    const evaluation = evaluateCourse({
      requirements: [assignmentGrade('Quiz', 0.5)],
      course: rules,
      enrolled: true,
      facts: facts({}, scores),
    });
    expect(evaluation.requirements[0].current).toBe(current);
  });

  it('an assignment type the policy dropped reads as not met, with that reason', () => {
    const rules = course('course-v1:Laurel+Dropped+2026', {
      gradingPolicy: policy({ Exam: 1 }),
      gradedItems: [{ id: 'q1', assignmentType: 'Quiz', possiblePoints: 10 }],
    });
    for (const min of [0, 0.5]) {
      const evaluation = evaluateCourse({
        requirements: [assignmentGrade('Quiz', min)],
        course: rules,
        enrolled: true,
        facts: facts({}, { q1: 10 }),
      });
      expect(evaluation.eligible).toBe(false);
      expect(evaluation.requirements[0]).toMatchObject({
        kind: 'ASSIGNMENT_GRADE',
        assignmentType: 'Quiz',
        current: 0,
        met: false,
        reason: 'Assignment type "Quiz" is not in the course\'s grading policy',
      });
    }
  });

  it('GRADE with an empty policy is 0; weights below 1 in total cap the grade', () => {
    const empty = course('course-v1:Laurel+NoPolicy+2026');
    expect(getEvaluator('GRADE').measure(grade(0.1), empty, facts()).current).toBe(0);
    const partial = course('course-v1:Laurel+Partial+2026', {
      gradingPolicy: policy({ Exam: 0.6 }),
      gradedItems: [{ id: 'x', assignmentType: 'Exam', possiblePoints: 100 }],
    });
    expect(getEvaluator('GRADE').measure(grade(0.1), partial, facts({}, { x: 100 })).current).toBe(
      0.6,
    );
  });

  it('a computed 0.59999999999 meets 0.6', () => {
    const rules = course('course-v1:Laurel+Float+2026', {
      gradingPolicy: policy({ Exam: 1 }),
      gradedItems: [{ id: 'x', assignmentType: 'Exam', possiblePoints: 100 }],
    });
    const evaluation = evaluateCourse({
      requirements: [assignmentGrade('Exam', 0.6)],
      course: rules,
      enrolled: true,
      facts: facts({}, { x: 59.999999999 }),
    });
    expect(evaluation.requirements[0]).toMatchObject({ current: 0.6, met: true, reason: null });
    expect(evaluation.eligible).toBe(true);
  });
});
