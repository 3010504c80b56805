import {
  validateGradingPolicy,
  validatePathRequirements,
  validateRequirements,
  type AssignmentTypeWeight,
  type Requirement,
  type RequirementKind,
  type ValidationProblem,
} from '../../src/modules/eligibility';
import { assignmentGrade, completion, course, grade, policy } from './fixtures';

const hle = course('course-v1:Laurel+V+2026', {
  gradingPolicy: policy({ Homework: 0.3, Lab: 0.3, Exam: 0.4 }),
});
const fields = (problems: readonly ValidationProblem[]) => problems.map((p) => p.field);

describe('validateRequirements: scenarios G10 and G11', () => {
  it('G10: a requirement on "Quiz" when the policy has no Quiz → a problem naming the type', () => {
    const problems = validateRequirements([grade(0.5), assignmentGrade('Quiz', 0.6)], hle);
    expect(fields(problems)).toEqual(['requirements[1].assignmentType']);
    expect(problems[0].message).toContain('"Quiz"');
  });

  it.each([
    { min: 1.2, index: 0 },
    { min: -0.1, index: 0 },
    { min: 1.2, index: 2 },
    { min: -0.1, index: 2 },
  ])(
    'G11: min $min at requirements[$index] → a problem on requirements[$index].min',
    ({ min, index }) => {
      const reqs = [completion(0.8), grade(0.5), assignmentGrade('Exam', 0.6)];
      reqs[index] = { ...reqs[index], min };
      const problems = validateRequirements(reqs, hle);
      expect(fields(problems)).toEqual([`requirements[${index}].min`]);
      expect(problems[0].message).toContain(String(min));
    },
  );
});

describe('validateRequirements', () => {
  const cases: { name: string; reqs: Requirement[]; fields: string[] }[] = [
    {
      name: 'a valid list',
      reqs: [completion(0.8, true), grade(0), assignmentGrade('Lab', 1)],
      fields: [],
    },
    { name: 'an empty list', reqs: [], fields: ['requirements'] },
    { name: 'min NaN', reqs: [grade(Number.NaN)], fields: ['requirements[0].min'] },
    {
      name: 'min Infinity',
      reqs: [grade(Number.POSITIVE_INFINITY)],
      fields: ['requirements[0].min'],
    },
    { name: 'min just above 1', reqs: [grade(1.0000001)], fields: ['requirements[0].min'] },
    {
      name: 'ASSIGNMENT_GRADE without assignmentType',
      reqs: [{ kind: 'ASSIGNMENT_GRADE', min: 0.5 }],
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'ASSIGNMENT_GRADE with a blank assignmentType',
      reqs: [assignmentGrade('  ', 0.5)],
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'COMPLETION with an assignmentType',
      reqs: [{ kind: 'COMPLETION', min: 0.5, assignmentType: 'Exam' }],
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'GRADE with an assignmentType',
      reqs: [{ kind: 'GRADE', min: 0.5, assignmentType: 'Exam' }],
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'GRADE with assignmentType null',
      reqs: [{ kind: 'GRADE', min: 0.5, assignmentType: null }],
      fields: [],
    },
    {
      name: 'assignment type is case-sensitive',
      reqs: [assignmentGrade('exam', 0.5)],
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'duplicate COMPLETION',
      reqs: [completion(0.5), grade(0.5), completion(0.9, true)],
      fields: ['requirements[2]'],
    },
    {
      name: 'duplicate ASSIGNMENT_GRADE of one type',
      reqs: [
        assignmentGrade('Exam', 0.5),
        assignmentGrade('Lab', 0.5),
        assignmentGrade('Exam', 0.7),
      ],
      fields: ['requirements[2]'],
    },
    {
      name: 'several problems at once',
      reqs: [grade(2), assignmentGrade('Quiz', -1), grade(0.5)],
      fields: [
        'requirements[0].min',
        'requirements[1].min',
        'requirements[1].assignmentType',
        'requirements[2]',
      ],
    },
    {
      name: 'an unknown kind',
      reqs: [{ kind: 'FORUM_ACTIVITY' as RequirementKind, min: 0.5 }],
      fields: ['requirements[0].kind'],
    },
  ];

  it.each(cases)('$name → $fields', ({ reqs, fields: expected }) => {
    expect(fields(validateRequirements(reqs, hle))).toEqual(expected);
  });

  it('names the first requirement a duplicate repeats', () => {
    const [problem] = validateRequirements(
      [assignmentGrade('Exam', 0.5), assignmentGrade('Exam', 0.7)],
      hle,
    );
    expect(problem.message).toBe('ASSIGNMENT_GRADE "Exam" is already required by requirements[0]');
  });

  it('without a course only course-independent checks run', () => {
    expect(validateRequirements([assignmentGrade('Quiz', 0.5)], null)).toEqual([]);
    expect(fields(validateRequirements([assignmentGrade('Quiz', 1.5)], null))).toEqual([
      'requirements[0].min',
    ]);
  });

  it('takes a field prefix', () => {
    const problems = validateRequirements([grade(1.5)], hle, 'stepOverrides[1].requirements');
    expect(fields(problems)).toEqual(['stepOverrides[1].requirements[0].min']);
  });
});

describe('validatePathRequirements', () => {
  const withExam = course('c-exam', { gradingPolicy: policy({ Exam: 1 }) });
  const withoutExam = course('c-no-exam', { gradingPolicy: policy({ Homework: 1 }) });

  it.each([
    {
      name: 'a valid configuration',
      input: {
        requirements: [completion(0.7), grade(0.5)],
        stepOverrides: [{ courseId: 'c-exam', requirements: [assignmentGrade('Exam', 0.6)] }],
      },
      fields: [],
    },
    {
      name: 'a path requirement on a type one step lacks',
      input: { requirements: [assignmentGrade('Exam', 0.6)], stepOverrides: [] },
      fields: ['requirements[0].assignmentType'],
    },
    {
      name: 'an override on a type its course lacks',
      input: {
        requirements: [completion(0.7)],
        stepOverrides: [{ courseId: 'c-no-exam', requirements: [assignmentGrade('Exam', 0.6)] }],
      },
      fields: ['stepOverrides[0].requirements[0].assignmentType'],
    },
    {
      name: 'an override for a course that is not a step',
      input: {
        requirements: [completion(0.7)],
        stepOverrides: [{ courseId: 'elsewhere', requirements: [completion(0.8)] }],
      },
      fields: ['stepOverrides[0].courseId'],
    },
    {
      name: 'two overrides for one course',
      input: {
        requirements: [completion(0.7)],
        stepOverrides: [
          { courseId: 'c-exam', requirements: [completion(0.8)] },
          { courseId: 'c-exam', requirements: [completion(0.9)] },
        ],
      },
      fields: ['stepOverrides[1].courseId'],
    },
    {
      name: 'two overrides for one course, the first invalid',
      input: {
        requirements: [completion(0.7)],
        stepOverrides: [
          { courseId: 'c-exam', requirements: [completion(1.8)] },
          { courseId: 'c-exam', requirements: [completion(0.9)] },
        ],
      },
      fields: ['stepOverrides[0].requirements[0].min', 'stepOverrides[1].courseId'],
    },
    {
      name: 'an empty override and a bad path min',
      input: {
        requirements: [completion(1.5)],
        stepOverrides: [{ courseId: 'c-exam', requirements: [] }],
      },
      fields: ['requirements[0].min', 'stepOverrides[0].requirements'],
    },
  ])('$name → $fields', ({ input, fields: expected }) => {
    const problems = validatePathRequirements({ ...input, steps: [withExam, withoutExam] });
    expect(fields(problems)).toEqual(expected);
  });

  it('names the course that lacks the type', () => {
    const [problem] = validatePathRequirements({
      requirements: [assignmentGrade('Exam', 0.6)],
      stepOverrides: [],
      steps: [withExam, withoutExam],
    });
    expect(problem.message).toBe(
      'Assignment type "Exam" is not in the grading policy of course c-no-exam',
    );
  });
});

describe('validateGradingPolicy', () => {
  it.each<{ name: string; policy: AssignmentTypeWeight[]; fields: string[] }>([
    {
      name: 'the scenario policy',
      policy: policy({ Homework: 0.3, Lab: 0.3, Exam: 0.4 }),
      fields: [],
    },
    { name: 'an empty policy', policy: [], fields: [] },
    { name: 'weights summing below 1', policy: policy({ Exam: 0.5 }), fields: [] },
    { name: 'float noise within 1e-9', policy: policy({ A: 0.1, B: 0.2, C: 0.7 }), fields: [] },
    {
      name: 'ten tenths',
      policy: Array.from({ length: 10 }, (_, i) => ({ assignmentType: `T${i}`, weight: 0.1 })),
      fields: [],
    },
    {
      name: 'weights summing above 1',
      policy: policy({ Homework: 0.5, Exam: 0.6 }),
      fields: ['gradingPolicy'],
    },
    {
      name: 'a negative weight',
      policy: policy({ Homework: -0.1 }),
      fields: ['gradingPolicy[0].weight'],
    },
    {
      name: 'a weight above 1 (left out of the sum)',
      policy: policy({ Homework: 1.5 }),
      fields: ['gradingPolicy[0].weight'],
    },
    {
      name: 'a NaN weight',
      policy: policy({ Homework: Number.NaN }),
      fields: ['gradingPolicy[0].weight'],
    },
    {
      name: 'a duplicate type',
      policy: [
        { assignmentType: 'Exam', weight: 0.3 },
        { assignmentType: 'Exam', weight: 0.3 },
      ],
      fields: ['gradingPolicy[1].assignmentType'],
    },
    {
      name: 'an empty type name',
      policy: [{ assignmentType: ' ', weight: 0.3 }],
      fields: ['gradingPolicy[0].assignmentType'],
    },
  ])('$name → $fields', ({ policy: weights, fields: expected }) => {
    expect(fields(validateGradingPolicy(weights))).toEqual(expected);
  });
});
