/**
 * Scenarios G1–G7 of the acceptance cases (Grades, policy Homework 0.3, Lab 0.3, Exam
 * 0.4, one 100-point item per type), shared by the evaluator's tests and the end-to-end
 * tests so both check exactly the same table.
 */
export type Earned = [homework: number | null, lab: number | null, exam: number | null];

export interface ScenarioRequirement {
  kind: 'GRADE' | 'ASSIGNMENT_GRADE';
  min: number;
  assignmentType?: string;
}

const grade = (min: number): ScenarioRequirement => ({ kind: 'GRADE', min });
const assignmentGrade = (assignmentType: string, min: number): ScenarioRequirement => ({
  kind: 'ASSIGNMENT_GRADE',
  assignmentType,
  min,
});
const H = (min: number) => assignmentGrade('Homework', min);
const L = (min: number) => assignmentGrade('Lab', min);
const E = (min: number) => assignmentGrade('Exam', min);
const all4: ScenarioRequirement[] = [H(0.85), L(0.8), E(0.6), grade(0.5)];

export interface GradeCase {
  id: string;
  earned: Earned;
  requirements: ScenarioRequirement[];
  eligible: boolean;
  overall: number;
  /** Unmet requirements as `KIND` or `KIND:type`, and their reasons. */
  unmet: Record<string, string>;
}

export const GRADE_CASES: GradeCase[] = [
  { id: 'G1', earned: [90, 90, 90], requirements: all4, eligible: true, overall: 0.9, unmet: {} },
  {
    id: 'G2',
    earned: [80, 90, 70],
    requirements: all4,
    eligible: false,
    overall: 0.79,
    unmet: { 'ASSIGNMENT_GRADE:Homework': 'Homework grade 0.8 is below 0.85' },
  },
  {
    id: 'G3',
    earned: [90, 90, 70],
    requirements: [grade(0.9)],
    eligible: false,
    overall: 0.82,
    unmet: { GRADE: 'Grade 0.82 is below 0.9' },
  },
  {
    id: 'G4',
    earned: [90, 90, 70],
    requirements: [grade(0.5)],
    eligible: true,
    overall: 0.82,
    unmet: {},
  },
  {
    id: 'G5',
    earned: [90, 90, 70],
    requirements: [H(0.85), L(0.8)],
    eligible: true,
    overall: 0.82,
    unmet: {},
  },
  {
    id: 'G6',
    earned: [null, null, null],
    requirements: [H(0.85), L(0.8), E(0.6), grade(0.24)],
    eligible: false,
    overall: 0,
    unmet: {
      'ASSIGNMENT_GRADE:Homework': 'Homework grade 0 is below 0.85',
      'ASSIGNMENT_GRADE:Lab': 'Lab grade 0 is below 0.8',
      'ASSIGNMENT_GRADE:Exam': 'Exam grade 0 is below 0.6',
      GRADE: 'Grade 0 is below 0.24',
    },
  },
  {
    id: 'G7',
    earned: [90, 85, null],
    requirements: [E(0.6)],
    eligible: false,
    overall: 0.525,
    unmet: { 'ASSIGNMENT_GRADE:Exam': 'Exam grade 0 is below 0.6' },
  },
];
