import { startTestApp, type TestApp } from '../support/app';
import {
  assignmentGrade,
  completion,
  completions,
  createConfiguration,
  done,
  enrollment,
  grade,
  ok,
  progressOf,
  record,
  scores,
  upsertCourse,
  upsertLearners,
  upsertPath,
  testCourse,
} from './helpers';

/** Scenarios "Learning path" end to end. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const steps = ['c0', 'c1', 'c2'].map((name) =>
  testCourse(`course-v1:Path+${name}+2026`, { blocks: 10, policy: [['Exam', 1]] }),
);
const [c0, c1, c2] = steps;

describe('Learning path (steps c0, c1, c2; COMPLETION ≥ 0.8 on every step), end to end', () => {
  const P = 'path-v1:Path+Steps+2026+A';
  type Enrolled = 'active' | 'inactive' | 'none';
  const learners: { learner: string; path: Enrolled; passes: string[]; eligible: boolean }[] = [
    { learner: 'u0', path: 'active', passes: [c0.id, c1.id, c2.id], eligible: true },
    { learner: 'u1', path: 'active', passes: [c0.id, c1.id], eligible: false },
    { learner: 'u2', path: 'active', passes: [c0.id, c1.id, c2.id], eligible: true },
    { learner: 'u3', path: 'active', passes: [c1.id, c2.id], eligible: false },
    { learner: 'u4', path: 'inactive', passes: [c0.id, c1.id, c2.id], eligible: false },
    { learner: 'u5', path: 'none', passes: [c0.id, c1.id, c2.id], eligible: false },
  ];

  beforeAll(async () => {
    for (const step of steps) await upsertCourse(app, step);
    await upsertPath(
      app,
      P,
      steps.map((s) => s.id),
    );
    await createConfiguration(app, { learningPathId: P, requirements: [completion(0.8)] });
    await upsertLearners(
      app,
      learners.map((l) => l.learner),
    );
    // A passed step has completion 0.9 (9 of 10 blocks), any other 0.5 (5 of 10).
    await ok(
      record(app, {
        enrollments: learners.flatMap(({ learner, path }) => [
          ...steps.map((step) => enrollment(learner, { courseId: step.id })),
          ...(path === 'none'
            ? []
            : [enrollment(learner, { learningPathId: P }, path === 'active')]),
        ]),
        completions: learners.flatMap(({ learner, passes }) =>
          steps.flatMap((step) =>
            completions(learner, step, done(passes.includes(step.id) ? 9 : 5)),
          ),
        ),
      }),
    );
  });

  it.each(learners)(
    '$learner (path enrollment $path) → eligible $eligible',
    async ({ learner, path, passes, eligible }) => {
      const [progress] = await progressOf(app, learner, { learningPathId: P });
      expect(progress.eligible).toBe(eligible);
      expect(progress.enrolled).toBe(path === 'active');
      expect(progress.steps?.map((s) => [s.course.id, s.eligible])).toEqual(
        steps.map((step) => [step.id, passes.includes(step.id)]),
      );
      expect(progress.requirements.map((p) => p.current)).toEqual(
        steps.map((step) => (passes.includes(step.id) ? 0.9 : 0.5)),
      );
    },
  );

  it('u0..u5: eligible exactly {u0, u2}', async () => {
    const eligible: string[] = [];
    for (const { learner } of learners) {
      const [progress] = await progressOf(app, learner, { learningPathId: P });
      if (progress.eligible) eligible.push(learner);
    }
    expect(eligible).toEqual(['u0', 'u2']);
  });
});

describe('Learning path: overrides merge (path COMPLETION ≥ 0.7, GRADE ≥ 0.5), end to end', () => {
  const P = 'path-v1:Path+Overrides+2026+A';
  beforeAll(async () => {
    for (const step of steps) await upsertCourse(app, step);
    await upsertPath(
      app,
      P,
      steps.map((s) => s.id),
    );
    await createConfiguration(app, {
      learningPathId: P,
      requirements: [completion(0.7), grade(0.5)],
      stepOverrides: [
        { courseId: c0.id, requirements: [completion(0.8)] },
        { courseId: c1.id, requirements: [completion(0.9), assignmentGrade('Exam', 0.6)] },
      ],
    });
  });

  it('effective: c0 = {COMPLETION 0.8, GRADE 0.5}; c1 = {COMPLETION 0.9, GRADE 0.5, Exam 0.6}; c2 = {COMPLETION 0.7, GRADE 0.5}', async () => {
    await upsertLearners(app, ['m0']);
    const [progress] = await progressOf(app, 'm0', { learningPathId: P });
    expect(
      progress.steps?.map((step) => [
        step.course.id,
        step.requirements.map((p) => [p.kind, p.assignmentType, p.required]),
      ]),
    ).toEqual([
      [
        c0.id,
        [
          ['COMPLETION', null, 0.8],
          ['GRADE', null, 0.5],
        ],
      ],
      [
        c1.id,
        [
          ['COMPLETION', null, 0.9],
          ['GRADE', null, 0.5],
          ['ASSIGNMENT_GRADE', 'Exam', 0.6],
        ],
      ],
      [
        c2.id,
        [
          ['COMPLETION', null, 0.7],
          ['GRADE', null, 0.5],
        ],
      ],
    ]);
  });

  it.each([
    { learner: 'm1', blocks: 8, exam: 70, steps: [true, false, true], eligible: false },
    { learner: 'm2', blocks: 9, exam: 70, steps: [true, true, true], eligible: true },
    { learner: 'm3', blocks: 9, exam: 55, steps: [true, false, true], eligible: false },
  ])(
    '$learner: completion 0.$blocks and Exam $exam in every step → steps $steps, eligible $eligible',
    async ({ learner, blocks, exam, steps: stepsMet, eligible }) => {
      await upsertLearners(app, [learner]);
      await ok(
        record(app, {
          enrollments: [enrollment(learner, { learningPathId: P })],
          completions: steps.flatMap((step) => completions(learner, step, done(blocks))),
          scores: steps.flatMap((step) =>
            scores(learner, step.id, { [`${step.id}/exam-1`]: exam }),
          ),
        }),
      );
      const [progress] = await progressOf(app, learner, { learningPathId: P });
      expect(progress.steps?.map((s) => s.eligible)).toEqual(stepsMet);
      expect(progress.eligible).toBe(eligible);
    },
  );
});
