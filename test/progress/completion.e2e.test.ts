import { startTestApp, type TestApp } from '../support/app';
import {
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
  testCourse,
  type TestCourse,
} from './helpers';

/** Scenarios "Completion", "Combined" and "Progress" end to end. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

describe('Completion (COMPLETION ≥ 0.8, 10 content blocks, all non-optional), end to end', () => {
  const course = testCourse('course-v1:Completion+C+2026', { blocks: 10 });
  beforeAll(async () => {
    await upsertCourse(app, course);
    await createConfiguration(app, { courseId: course.id, requirements: [completion(0.8)] });
  });

  it.each([
    {
      id: 'C1',
      what: '9 blocks complete',
      values: done(9),
      enrolled: true,
      current: 0.9,
      eligible: true,
    },
    {
      id: 'C2',
      what: '7 blocks complete',
      values: done(7),
      enrolled: true,
      current: 0.7,
      eligible: false,
    },
    {
      id: 'C3',
      what: '8 blocks complete (inclusive)',
      values: done(8),
      enrolled: true,
      current: 0.8,
      eligible: true,
    },
    {
      id: 'C4',
      what: '10 blocks complete, inactive enrollment',
      values: done(10),
      enrolled: false,
      current: 1,
      eligible: false,
    },
    {
      id: 'C5',
      what: '7 complete + 2 at 0.5',
      values: done(7, [0.5, 0.5]),
      enrolled: true,
      current: 0.8,
      eligible: true,
    },
  ])(
    '$id: $what → completion $current, eligible $eligible',
    async ({ id, values, enrolled, current, eligible }) => {
      await upsertLearners(app, [id]);
      await ok(
        record(app, {
          enrollments: [enrollment(id, { courseId: course.id }, enrolled)],
          completions: completions(id, course, values),
        }),
      );
      const [progress] = await progressOf(app, id, { courseId: course.id });
      expect(progress).toMatchObject({
        learnerId: id,
        eligible,
        enrolled,
        steps: null,
        credential: null,
      });
      expect(progress.requirements).toEqual([
        {
          kind: 'COMPLETION',
          assignmentType: null,
          required: 0.8,
          current,
          met: current >= 0.8,
          reason: current >= 0.8 ? null : `Completion ${current} is below 0.8`,
        },
      ]);
    },
  );

  it('C4 without any enrollment: not enrolled, not eligible', async () => {
    await upsertLearners(app, ['C4-none']);
    await ok(record(app, { completions: completions('C4-none', course, done(10)) }));
    const [progress] = await progressOf(app, 'C4-none', { courseId: course.id });
    expect(progress).toMatchObject({ eligible: false, enrolled: false, progress: 1 });
  });
});

describe('Combined (COMPLETION ≥ 0.9 and GRADE ≥ 0.8), end to end', () => {
  // 20 blocks so that 0.95 = 19/20; one 100-point Exam worth the whole grade.
  const course = testCourse('course-v1:Combined+B+2026', { blocks: 20, policy: [['Exam', 1]] });
  const learners = [
    { learner: '101', completion: 0.95, grade: 0.7, eligible: false },
    { learner: '102', completion: 0.95, grade: 0.85, eligible: true },
    { learner: '103', completion: 0.9, grade: 0.8, eligible: true },
    { learner: '104', completion: 0.5, grade: 0.99, eligible: false },
  ];
  beforeAll(async () => {
    await upsertCourse(app, course);
    await createConfiguration(app, {
      courseId: course.id,
      requirements: [completion(0.9), grade(0.8)],
    });
    await upsertLearners(
      app,
      learners.map((l) => l.learner),
    );
    await ok(
      record(app, {
        enrollments: learners.map((l) => enrollment(l.learner, { courseId: course.id })),
        completions: learners.flatMap((l) =>
          completions(l.learner, course, done(Math.round(l.completion * 20))),
        ),
        scores: learners.flatMap((l) =>
          scores(l.learner, course.id, { [`${course.id}/exam-1`]: Math.round(l.grade * 100) }),
        ),
      }),
    );
  });

  it.each(learners)(
    'learner $learner (completion $completion, grade $grade) → eligible $eligible',
    async (learner) => {
      const [progress] = await progressOf(app, learner.learner, { courseId: course.id });
      expect(progress.requirements.map((p) => p.current)).toEqual([
        learner.completion,
        learner.grade,
      ]);
      expect(progress.eligible).toBe(learner.eligible);
    },
  );

  it('learners 101–104: eligible exactly {102, 103}', async () => {
    const eligible: string[] = [];
    for (const { learner } of learners) {
      const [progress] = await progressOf(app, learner, { courseId: course.id });
      if (progress.eligible) eligible.push(learner);
    }
    expect(eligible).toEqual(['102', '103']);
  });
});

describe('Progress, end to end', () => {
  it('completion 0.45 vs ≥ 0.9 and grade 0.8 vs ≥ 0.8 → progress (0.5 + 1) / 2 = 0.75, not eligible', async () => {
    const course = testCourse('course-v1:Progress+P+2026', { blocks: 20, policy: [['Exam', 1]] });
    await upsertCourse(app, course);
    await createConfiguration(app, {
      courseId: course.id,
      requirements: [completion(0.9), grade(0.8)],
    });
    await upsertLearners(app, ['p1']);
    await ok(
      record(app, {
        enrollments: [enrollment('p1', { courseId: course.id })],
        completions: completions('p1', course, done(9)),
        scores: scores('p1', course.id, { [`${course.id}/exam-1`]: 80 }),
      }),
    );
    const [progress] = await progressOf(app, 'p1', { courseId: course.id });
    expect(progress).toMatchObject({ eligible: false, enrolled: true, progress: 0.75 });
    expect(progress.requirements).toEqual([
      {
        kind: 'COMPLETION',
        assignmentType: null,
        required: 0.9,
        current: 0.45,
        met: false,
        reason: 'Completion 0.45 is below 0.9',
      },
      { kind: 'GRADE', assignmentType: null, required: 0.8, current: 0.8, met: true, reason: null },
    ]);
  });
});

describe('Completion with optional blocks, end to end (blocks read from the database)', () => {
  /** A course whose last `optional` of `blocks` blocks are optional. */
  function courseWithOptional(id: string, blocks: number, optional: number): TestCourse {
    const course = testCourse(id, { blocks });
    return {
      ...course,
      blocks: course.blocks.map((block, i) => ({ ...block, optional: i >= blocks - optional })),
    };
  }

  /** COMPLETION ≥ 0.5 progress of each configuration, by configuration name. */
  async function completionByConfiguration(
    learnerId: string,
    course: TestCourse,
    values: readonly number[],
  ): Promise<Record<string, number>> {
    await upsertLearners(app, [learnerId]);
    await ok(
      record(app, {
        enrollments: [enrollment(learnerId, { courseId: course.id })],
        completions: completions(learnerId, course, values),
      }),
    );
    const progress = await progressOf(app, learnerId, { courseId: course.id });
    return Object.fromEntries(
      progress.map((p) => [p.configuration.name, p.requirements[0].current]),
    );
  }

  async function configure(course: TestCourse): Promise<void> {
    await upsertCourse(app, course);
    await createConfiguration(app, {
      name: 'Required only',
      courseId: course.id,
      requirements: [completion(0.5)],
    });
    await createConfiguration(app, {
      name: 'With optional',
      courseId: course.id,
      requirements: [{ ...completion(0.5), includeOptional: true }],
    });
  }

  it('counts optional blocks only with includeOptional', async () => {
    // Blocks 0-1 required, 2-3 optional; the learner completes blocks 1, 2 and 3.
    const course = courseWithOptional('course-v1:Optional+O+2026', 4, 2);
    await configure(course);
    expect(await completionByConfiguration('opt-1', course, [0, 1, 1, 1])).toEqual({
      'Required only': 0.5,
      'With optional': 0.75,
    });
  });

  it('gives completion 0 for a course with no counted blocks', async () => {
    const onlyOptional = courseWithOptional('course-v1:Optional+Only+2026', 2, 2);
    await configure(onlyOptional);
    expect(await completionByConfiguration('opt-2', onlyOptional, [1, 1])).toEqual({
      'Required only': 0,
      'With optional': 1,
    });

    const empty = testCourse('course-v1:Optional+Empty+2026', { blocks: 0 });
    await configure(empty);
    expect(await completionByConfiguration('opt-3', empty, [])).toEqual({
      'Required only': 0,
      'With optional': 0,
    });
  });
});
