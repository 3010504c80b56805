import { evaluateCourse, getEvaluator, type CourseRules } from '../../src/modules/eligibility';
import { type Earned, GRADE_CASES } from '../scenarios/grades';
import { assignmentGrade, course, facts, grade, oneItemPerType, policy } from './fixtures';

/** Scenario policy: Homework 0.3, Lab 0.3, Exam 0.4, one 100-point item per type. */
const hle = course('course-v1:Laurel+G+2026', {
  gradingPolicy: policy({ Homework: 0.3, Lab: 0.3, Exam: 0.4 }),
  gradedItems: oneItemPerType(['Homework', 'Lab', 'Exam']),
});

function scores(earned: Earned): Record<string, number> {
  const entries = (['Homework', 'Lab', 'Exam'] as const).flatMap((type, i) => {
    const points = earned[i];
    return points === null ? [] : [[`${type}-1`, points] as const];
  });
  return Object.fromEntries(entries);
}

const overallGrade = (rules: CourseRules, earned: Record<string, number>): number =>
  getEvaluator('GRADE').measure(grade(0), rules, facts({}, earned)).current;

const H = (min: number) => assignmentGrade('Homework', min);
const E = (min: number) => assignmentGrade('Exam', min);

describe('Grades (policy Homework 0.3, Lab 0.3, Exam 0.4)', () => {
  it.each(GRADE_CASES)(
    '$id: earned $earned → eligible $eligible, overall $overall',
    ({ earned, requirements, eligible, overall, unmet }) => {
      const evaluation = evaluateCourse({
        requirements,
        course: hle,
        enrolled: true,
        facts: facts({}, scores(earned)),
      });
      expect(evaluation.eligible).toBe(eligible);
      expect(overallGrade(hle, scores(earned))).toBeCloseTo(overall, 10);
      const unmetNow = Object.fromEntries(
        evaluation.requirements
          .filter((progress) => !progress.met)
          .map((p) => [p.assignmentType ? `${p.kind}:${p.assignmentType}` : p.kind, p.reason]),
      );
      expect(unmetNow).toEqual(unmet);
      for (const progress of evaluation.requirements.filter((p) => p.met)) {
        expect(progress.reason).toBeNull();
      }
      const gradeProgress = evaluation.requirements.find((p) => p.kind === 'GRADE');
      if (gradeProgress) expect(gradeProgress.current).toBe(overall);
    },
  );

  describe('G8 (policy Homework 0.2, Exam 0.7, Lab 0.1; H≥0.4, E≥0.9, GRADE≥0.8)', () => {
    const g8 = course('course-v1:Laurel+G8+2026', {
      gradingPolicy: policy({ Homework: 0.2, Exam: 0.7, Lab: 0.1 }),
      gradedItems: oneItemPerType(['Homework', 'Exam', 'Lab']),
    });
    const requirements = [H(0.4), E(0.9), grade(0.8)];

    it.each([
      { learner: 'A', homework: 80, eligible: true, overall: 0.825, unmet: [] as string[] },
      // B fails on Homework (0.3 < 0.4); the overall 0.725 is also below 0.8.
      {
        learner: 'B',
        homework: 30,
        eligible: false,
        overall: 0.725,
        unmet: ['ASSIGNMENT_GRADE:Homework', 'GRADE'],
      },
    ])(
      'G8 learner $learner: H $homework, E 95, Lab 0 → eligible $eligible, overall $overall',
      ({ homework, eligible, overall, unmet }) => {
        const earned = { 'Homework-1': homework, 'Exam-1': 95, 'Lab-1': 0 };
        const evaluation = evaluateCourse({
          requirements,
          course: g8,
          enrolled: true,
          facts: facts({}, earned),
        });
        expect(evaluation.eligible).toBe(eligible);
        expect(round(overallGrade(g8, earned))).toBe(overall);
        const unmetKeys = evaluation.requirements
          .filter((p) => !p.met)
          .map((p) => (p.assignmentType ? `${p.kind}:${p.assignmentType}` : p.kind));
        expect(unmetKeys).toEqual(unmet);
      },
    );
  });

  describe('G9 points-weighted (Homework items of 100 and 50 possible, earned 50 and 0)', () => {
    const g9 = course('course-v1:Laurel+G9+2026', {
      gradingPolicy: policy({ Homework: 1 }),
      gradedItems: [
        { id: 'hw-1', assignmentType: 'Homework', possiblePoints: 100 },
        { id: 'hw-2', assignmentType: 'Homework', possiblePoints: 50 },
      ],
    });
    const learner = facts({}, { 'hw-1': 50, 'hw-2': 0 });

    it.each([
      { min: 0.3333, met: true },
      { min: 0.34, met: false },
      { min: 0.5, met: false },
    ])('G9: Homework grade 50/150 = 0.3333 against H≥$min → met $met', ({ min, met }) => {
      const evaluation = evaluateCourse({
        requirements: [H(min)],
        course: g9,
        enrolled: true,
        facts: learner,
      });
      expect(evaluation.requirements[0]).toMatchObject({ current: 0.3333, required: min, met });
      expect(evaluation.eligible).toBe(met);
    });
  });
});

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
