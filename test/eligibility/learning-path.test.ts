import {
  effectiveStepRequirements,
  evaluatePath,
  type LearnerCourseFacts,
  type Requirement,
  type StepOverride,
} from '../../src/modules/eligibility';
import {
  assignmentGrade,
  blocks,
  completed,
  completion,
  course,
  facts,
  grade,
  ids,
  policy,
} from './fixtures';

const stepCourse = (id: string) =>
  course(id, {
    blocks: blocks(id, 10),
    gradingPolicy: policy({ Exam: 1 }),
    gradedItems: [{ id: `${id}-exam`, assignmentType: 'Exam', possiblePoints: 100 }],
  });
const [c0, c1, c2] = ['c0', 'c1', 'c2'].map(stepCourse);
const steps = [c0, c1, c2];

describe('Learning path (steps c0, c1, c2; COMPLETION ≥ 0.8 on every step)', () => {
  type Enrollment = 'active' | 'inactive' | 'none';
  const learners: { learner: string; path: Enrollment; passes: string[]; eligible: boolean }[] = [
    { learner: 'u0', path: 'active', passes: ['c0', 'c1', 'c2'], eligible: true },
    { learner: 'u1', path: 'active', passes: ['c0', 'c1'], eligible: false },
    { learner: 'u2', path: 'active', passes: ['c0', 'c1', 'c2'], eligible: true },
    { learner: 'u3', path: 'active', passes: ['c1', 'c2'], eligible: false },
    { learner: 'u4', path: 'inactive', passes: ['c0', 'c1', 'c2'], eligible: false },
    { learner: 'u5', path: 'none', passes: ['c0', 'c1', 'c2'], eligible: false },
  ];

  /** A passed step has completion 0.9 (9 of 10 blocks), any other 0.5 (5 of 10). */
  function factsFor(passes: readonly string[]): Map<string, LearnerCourseFacts> {
    return new Map(
      steps.map((step) => [
        step.id,
        facts(completed(ids(step.blocks), passes.includes(step.id) ? 9 : 5)),
      ]),
    );
  }

  const evaluate = ({ path, passes }: (typeof learners)[number]) =>
    evaluatePath({
      requirements: [completion(0.8)],
      stepOverrides: [],
      steps,
      enrolled: path === 'active',
      factsByCourse: factsFor(passes),
    });

  it.each(learners)(
    '$learner (path enrollment $path, passes $passes) → eligible $eligible',
    (learner) => {
      const evaluation = evaluate(learner);
      expect(evaluation.eligible).toBe(learner.eligible);
      expect(evaluation.enrolled).toBe(learner.path === 'active');
      expect(evaluation.steps?.map((step) => [step.courseId, step.eligible])).toEqual(
        steps.map((step) => [step.id, learner.passes.includes(step.id)]),
      );
      expect(evaluation.requirements.map((p) => p.current)).toEqual(
        steps.map((step) => (learner.passes.includes(step.id) ? 0.9 : 0.5)),
      );
    },
  );

  it('u0..u5: eligible exactly {u0, u2}', () => {
    const eligible = learners.filter((l) => evaluate(l).eligible).map((l) => l.learner);
    expect(eligible).toEqual(['u0', 'u2']);
  });

  it('a step’s eligible ignores enrollment (u4: inactive, every step met)', () => {
    const evaluation = evaluate(learners[4]);
    expect(evaluation.steps?.every((step) => step.eligible)).toBe(true);
    expect(evaluation.eligible).toBe(false);
  });

  it('missing facts for a course read as nothing done', () => {
    const evaluation = evaluatePath({
      requirements: [completion(0.8)],
      stepOverrides: [],
      steps,
      enrolled: true,
      factsByCourse: new Map([['c0', facts(completed(ids(c0.blocks), 10))]]),
    });
    expect(evaluation.requirements.map((p) => p.current)).toEqual([1, 0, 0]);
    expect(evaluation.progress).toBe(0.3333);
    expect(evaluation.eligible).toBe(false);
  });
});

describe('Learning path: overrides merge (path COMPLETION ≥ 0.7, GRADE ≥ 0.5)', () => {
  const requirements = [completion(0.7), grade(0.5)];
  const stepOverrides: StepOverride[] = [
    { courseId: 'c0', requirements: [completion(0.8)] },
    { courseId: 'c1', requirements: [completion(0.9), assignmentGrade('Exam', 0.6)] },
  ];
  const summary = (reqs: readonly Pick<Requirement, 'kind' | 'assignmentType'>[], mins: number[]) =>
    reqs.map((req, i) => [req.kind, req.assignmentType ?? null, mins[i]]);

  it.each([
    {
      step: 'c0',
      effective: [
        ['COMPLETION', null, 0.8],
        ['GRADE', null, 0.5],
      ],
    },
    {
      step: 'c1',
      effective: [
        ['COMPLETION', null, 0.9],
        ['GRADE', null, 0.5],
        ['ASSIGNMENT_GRADE', 'Exam', 0.6],
      ],
    },
    {
      step: 'c2',
      effective: [
        ['COMPLETION', null, 0.7],
        ['GRADE', null, 0.5],
      ],
    },
  ])('effective requirements of $step: $effective', ({ step, effective }) => {
    const merged = effectiveStepRequirements(requirements, stepOverrides, step);
    expect(
      summary(
        merged,
        merged.map((req) => req.min ?? 1),
      ),
    ).toEqual(effective);

    const evaluation = evaluatePath({
      requirements,
      stepOverrides,
      steps,
      enrolled: true,
      factsByCourse: new Map(),
    });
    const stepProgress = evaluation.steps?.find((s) => s.courseId === step);
    const measured = stepProgress?.requirements ?? [];
    expect(
      summary(
        measured,
        measured.map((p) => p.required),
      ),
    ).toEqual(effective);
  });

  it('top-level requirements are the steps’ requirements in step order', () => {
    const evaluation = evaluatePath({
      requirements,
      stepOverrides,
      steps,
      enrolled: true,
      factsByCourse: new Map(),
    });
    expect(evaluation.requirements).toEqual(evaluation.steps?.flatMap((s) => s.requirements));
    expect(evaluation.requirements.map((p) => p.required)).toEqual([
      0.8, 0.5, 0.9, 0.5, 0.6, 0.7, 0.5,
    ]);
  });

  it('a learner meeting the path minimum but not c1’s override is not eligible', () => {
    const byCourse = (completionBlocks: number, exam: number) =>
      new Map(
        steps.map((step) => [
          step.id,
          facts(completed(ids(step.blocks), completionBlocks), { [`${step.id}-exam`]: exam }),
        ]),
      );
    const base = { requirements, stepOverrides, steps, enrolled: true };
    const at80 = evaluatePath({ ...base, factsByCourse: byCourse(8, 70) });
    expect(at80.steps?.map((s) => s.eligible)).toEqual([true, false, true]);
    expect(at80.eligible).toBe(false);
    const at90 = evaluatePath({ ...base, factsByCourse: byCourse(9, 70) });
    expect(at90.eligible).toBe(true);
    const lowExam = evaluatePath({ ...base, factsByCourse: byCourse(9, 55) });
    expect(lowExam.steps?.map((s) => s.eligible)).toEqual([true, false, true]);
  });

  it('overrides for a course that is not a step are ignored', () => {
    const evaluation = evaluatePath({
      requirements: [completion(0.7)],
      stepOverrides: [{ courseId: 'elsewhere', requirements: [completion(0.1)] }],
      steps,
      enrolled: true,
      factsByCourse: new Map(),
    });
    expect(evaluation.requirements.map((p) => p.required)).toEqual([0.7, 0.7, 0.7]);
  });
});

describe('Learning path with no steps', () => {
  it('makes nobody eligible and has progress 0', () => {
    const evaluation = evaluatePath({
      requirements: [completion(0)],
      stepOverrides: [],
      steps: [],
      enrolled: true,
      factsByCourse: new Map(),
    });
    expect(evaluation).toEqual({
      eligible: false,
      enrolled: true,
      progress: 0,
      requirements: [],
      steps: [],
    });
  });
});
