import {
  effectiveStepRequirements,
  evaluateCourse,
  evaluatePath,
  mergeKeyOf,
  type Requirement,
  validatePathRequirements,
  validateRequirements,
} from '../../src/modules/eligibility';
import { assignmentGrade, completion, course, facts, grade, policy } from './fixtures';

const anyOf = (...requirements: Requirement[]): Requirement => ({ kind: 'ANY_OF', requirements });
const allOf = (...requirements: Requirement[]): Requirement => ({ kind: 'ALL_OF', requirements });
const track = (...modes: string[]): Requirement => ({ kind: 'ENROLLMENT_TRACK', modes });

/** Exam and Project, 100 points each, half of the grade each; one block. */
const rules = course('course-v1:Laurel+Groups+2026', {
  gradingPolicy: policy({ Exam: 0.5, Project: 0.5 }),
  gradedItems: [
    { id: 'exam', assignmentType: 'Exam', possiblePoints: 100 },
    { id: 'project', assignmentType: 'Project', possiblePoints: 100 },
  ],
  blocks: [{ id: 'b1', optional: false }],
});
const examOrProject = anyOf(assignmentGrade('Exam', 0.8), assignmentGrade('Project', 0.8));

function run(requirements: Requirement[], exam: number, project: number, mode = 'verified') {
  return evaluateCourse({
    requirements,
    course: rules,
    enrolled: true,
    facts: { ...facts({ b1: 1 }, { exam, project }), enrollmentMode: mode },
  });
}

describe('ANY_OF: Final Exam ≥ 0.8 or Project ≥ 0.8', () => {
  it.each<[string, number, number, boolean, number]>([
    // name, exam points, project points, met, group current (best member's fraction)
    ['both below', 60, 40, false, 0.75],
    ['exam exactly 0.8', 80, 0, true, 1],
    ['project exactly 0.8', 0, 80, true, 1],
    ['both met', 90, 95, true, 1],
    ['exam 0.79995 rounds up to 0.8', 79.995, 0, true, 1],
    ['exam 0.79994 rounds down to 0.7999', 79.994, 0, false, 0.9999],
    ['float sum 0.1 + 0.7 (0.7999999999999999) meets 0.8', (0.1 + 0.7) * 100, 0, true, 1],
    ['nothing scored', 0, 0, false, 0],
  ])('%s', (_name, exam, project, met, current) => {
    const evaluation = run([examOrProject], exam, project);
    const [group] = evaluation.requirements;
    expect(group).toMatchObject({ kind: 'ANY_OF', required: 1, current, met });
    expect(group.children?.map((child) => child.kind)).toEqual([
      'ASSIGNMENT_GRADE',
      'ASSIGNMENT_GRADE',
    ]);
    expect(evaluation.eligible).toBe(met);
    expect(evaluation.progress).toBe(current);
  });

  it('explains every alternative when none is met', () => {
    const [group] = run([examOrProject], 60, 40).requirements;
    expect(group.reason).toBe(
      'None of 2 alternatives is met: Exam grade 0.6 is below 0.8; Project grade 0.4 is below 0.8',
    );
    expect(group.children?.map((child) => [child.current, child.met])).toEqual([
      [0.6, false],
      [0.4, false],
    ]);
  });

  it('an ANY_OF over a track: verified, or a grade of 0.9 for the others', () => {
    const rule = [anyOf(track('verified'), grade(0.9))];
    expect(run(rule, 0, 0, 'verified').eligible).toBe(true);
    expect(run(rule, 90, 90, 'audit').eligible).toBe(true);
    const audit = run(rule, 80, 80, 'audit');
    expect(audit.eligible).toBe(false);
    // Track 0, grade 0.8 / 0.9: the best member is the grade.
    expect(audit.requirements[0].current).toBe(0.8889);
  });
});

describe('ALL_OF', () => {
  it.each<[string, number, number, boolean, number]>([
    ['both met', 80, 80, true, 1],
    ['one short', 80, 60, false, 0.875],
    ['both 0.6 and 0.4', 60, 40, false, 0.625],
    ['0.79995 and 0.8', 79.995, 80, true, 1],
  ])('%s: mean of the members’ fractions', (_name, exam, project, met, current) => {
    const [group] = run(
      [allOf(assignmentGrade('Exam', 0.8), assignmentGrade('Project', 0.8))],
      exam,
      project,
    ).requirements;
    expect(group).toMatchObject({ kind: 'ALL_OF', current, met });
  });

  it('a third rounds to 4 places: (1 + 0 + 0) / 3 = 0.3333', () => {
    const [group] = run(
      [allOf(completion(1), assignmentGrade('Exam', 0.8), assignmentGrade('Project', 0.8))],
      0,
      0,
    ).requirements;
    expect(group.current).toBe(0.3333);
    expect(group.reason).toBe(
      'Not all met: Exam grade 0 is below 0.8; Project grade 0 is below 0.8',
    );
  });

  it('a plain list means all of: same eligibility and progress as one ALL_OF group', () => {
    const members = [assignmentGrade('Exam', 0.8), assignmentGrade('Project', 0.5), completion(1)];
    for (const [exam, project] of [
      [80, 50],
      [70, 50],
      [0, 0],
      [79.995, 49.995],
    ]) {
      const flat = run(members, exam, project);
      const grouped = run([allOf(...members)], exam, project);
      expect(grouped.eligible).toBe(flat.eligible);
      expect(grouped.progress).toBe(flat.progress);
    }
  });
});

describe('nested groups and overall progress', () => {
  // (Exam ≥ 0.8 or (Project ≥ 0.8 and verified)) and completion = 1
  const rule = [
    anyOf(assignmentGrade('Exam', 0.8), allOf(assignmentGrade('Project', 0.8), track('verified'))),
    completion(1),
  ];

  it.each<[string, number, number, string, boolean, number]>([
    ['exam alone', 80, 0, 'audit', true, 1],
    ['project and verified', 0, 80, 'verified', true, 1],
    ['project but audit', 0, 80, 'audit', false, 0.75],
    ['nothing', 0, 0, 'audit', false, 0.5],
  ])('%s', (_name, exam, project, mode, eligible, progress) => {
    const evaluation = run(rule, exam, project, mode);
    expect(evaluation.eligible).toBe(eligible);
    expect(evaluation.progress).toBe(progress);
  });

  it('reports each group with its children', () => {
    const [group] = run(rule, 0, 80, 'audit').requirements;
    expect(group).toMatchObject({ kind: 'ANY_OF', current: 0.5, met: false });
    expect(group.children?.[1]).toMatchObject({
      kind: 'ALL_OF',
      current: 0.5,
      met: false,
      reason: 'Not all met: Enrolled in audit; requires verified',
    });
    expect(group.children?.[1].children?.map((c) => c.met)).toEqual([true, false]);
  });
});

describe('validation of trees', () => {
  const problemsOf = (reqs: Requirement[]) => validateRequirements(reqs, rules);

  it('accepts three levels: list, group, group', () => {
    expect(problemsOf([anyOf(allOf(grade(0.5), completion(0.5)), track('verified'))])).toEqual([]);
  });

  it.each<[string, Requirement[], { field: string; message: string | RegExp }[]]>([
    [
      'a group on the third level',
      [anyOf(allOf(anyOf(grade(0.5))))],
      [
        {
          field: 'requirements[0].requirements[0].requirements[0].kind',
          message: /at most 3 levels/,
        },
      ],
    ],
    [
      'an empty group',
      [anyOf()],
      [{ field: 'requirements[0].requirements', message: 'At least one requirement is needed' }],
    ],
    [
      'a group without members',
      [{ kind: 'ALL_OF' }],
      [{ field: 'requirements[0].requirements', message: 'At least one requirement is needed' }],
    ],
    [
      'a min on a group',
      [{ ...anyOf(grade(0.5)), min: 0.5 }],
      [{ field: 'requirements[0].min', message: 'ANY_OF takes no min' }],
    ],
    [
      'members on a leaf',
      [{ ...grade(0.5), requirements: [completion(0.5)] }],
      [{ field: 'requirements[0].requirements', message: /not a group/ }],
    ],
    [
      'a member out of range, with its path',
      [anyOf(grade(0.5), allOf(completion(1.5)))],
      [
        {
          field: 'requirements[0].requirements[1].requirements[0].min',
          message: /between 0 and 1/,
        },
      ],
    ],
    [
      'an unknown assignment type inside a group',
      [anyOf(assignmentGrade('Lab', 0.5))],
      [
        {
          field: 'requirements[0].requirements[0].assignmentType',
          message: /not in the grading policy/,
        },
      ],
    ],
    [
      'duplicate members of one group',
      [anyOf(grade(0.5), grade(0.7))],
      [
        {
          field: 'requirements[0].requirements[1]',
          message: /already required by requirements\[0\]\.requirements\[0\]/,
        },
      ],
    ],
    [
      'the same group twice (members in another order)',
      [anyOf(grade(0.5), completion(0.5)), anyOf(completion(0.9), grade(0.9))],
      [{ field: 'requirements[1]', message: /already required by requirements\[0\]/ }],
    ],
  ])('rejects %s', (_name, reqs, expected) => {
    expect(problemsOf(reqs)).toEqual(
      expected.map((e) => ({
        field: e.field,
        message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message),
      })),
    );
  });

  it('accepts the same member in two different groups', () => {
    expect(
      problemsOf([anyOf(grade(0.5), completion(0.5)), anyOf(grade(0.5), track('honor'))]),
    ).toEqual([]);
  });

  it('caps a tree at 200 requirements, groups included', () => {
    const wide = (n: number) => Array.from({ length: n }, (_, i) => assignmentGrade(`T${i}`, 0.5));
    const tree = [anyOf(...wide(100)), allOf(...wide(98))];
    expect(validateRequirements(tree, null)).toEqual([]);
    expect(validateRequirements([...tree, grade(0.5)], null)).toEqual([
      { field: 'requirements', message: expect.stringMatching(/At most 200 .* got 201/) },
    ]);
  });
});

describe('groups on learning paths', () => {
  const c1 = course('c1', {
    gradingPolicy: policy({ Exam: 1 }),
    gradedItems: [{ id: 'c1-exam', assignmentType: 'Exam', possiblePoints: 100 }],
  });
  const c2 = course('c2', {
    gradingPolicy: policy({ Project: 1 }),
    gradedItems: [{ id: 'c2-p', assignmentType: 'Project', possiblePoints: 100 }],
  });
  const either = anyOf(grade(0.8), completion(1));

  it('merge keys: a group is keyed by its kind and members, in any order', () => {
    expect(mergeKeyOf(either)).toBe('ANY_OF(COMPLETION,GRADE)');
    expect(mergeKeyOf(anyOf(completion(0.2), grade(0.1)))).toBe('ANY_OF(COMPLETION,GRADE)');
    expect(mergeKeyOf(allOf(either))).toBe('ALL_OF(ANY_OF(COMPLETION,GRADE))');
  });

  it('a step override replaces the group with the same members and keeps the rest', () => {
    const effective = effectiveStepRequirements(
      [either, track('verified')],
      [{ courseId: 'c2', requirements: [anyOf(completion(0.5), grade(0.6))] }],
      'c2',
    );
    expect(effective).toEqual([anyOf(completion(0.5), grade(0.6)), track('verified')]);
  });

  it('each step evaluates the tree in its own course', () => {
    const evaluation = evaluatePath({
      requirements: [either],
      stepOverrides: [],
      steps: [c1, c2],
      enrolled: true,
      factsByCourse: new Map([
        ['c1', facts({}, { 'c1-exam': 85 })],
        ['c2', facts({}, { 'c2-p': 40 })],
      ]),
    });
    expect(evaluation.steps?.map((step) => [step.eligible, step.requirements[0].current])).toEqual([
      [true, 1],
      [false, 0.5],
    ]);
    expect(evaluation.eligible).toBe(false);
    expect(evaluation.progress).toBe(0.75);
  });

  it('validates path trees against every step’s course', () => {
    expect(
      validatePathRequirements({
        requirements: [anyOf(assignmentGrade('Exam', 0.5), grade(0.5))],
        stepOverrides: [],
        steps: [c1, c2],
      }),
    ).toEqual([
      {
        field: 'requirements[0].requirements[0].assignmentType',
        message: 'Assignment type "Exam" is not in the grading policy of course c2',
      },
    ]);
  });
});
