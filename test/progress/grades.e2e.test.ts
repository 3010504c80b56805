import type { RequirementInput } from '../operations/generated';
import { GRADE_CASES } from '../scenarios/grades';
import { startTestApp, type TestApp } from '../support/app';
import {
  assignmentGrade,
  createConfiguration,
  enrollment,
  grade,
  label,
  ok,
  progressOf,
  record,
  scores,
  upsertCourse,
  upsertLearners,
  testCourse,
} from './helpers';

/**
 * Scenarios "Grades" end to end: upsertCourse + upsertLearner + recordProgress +
 * learnerProgress. Each case gets its own course with the rule under test and a
 * probe configuration (GRADE ≥ 0) whose `current` is the overall grade.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const H = (min: number) => assignmentGrade('Homework', min);
const E = (min: number) => assignmentGrade('Exam', min);

/** A course, learner and configurations (rule tier 0, probe tier 1); returns both progresses. */
async function scenario(
  id: string,
  policy: [string, number][],
  requirements: RequirementInput[],
  learners: Record<string, Record<string, number | null>>,
) {
  const course = testCourse(`course-v1:Grades+${id}+2026`, { policy, blocks: 0 });
  await upsertCourse(app, course);
  await createConfiguration(app, { courseId: course.id, requirements, tier: 0 });
  await createConfiguration(app, { courseId: course.id, requirements: [grade(0)], tier: 1 });
  const ids = Object.keys(learners).map((learner) => `${id}-${learner}`);
  await upsertLearners(app, ids);
  const itemOf = (type: string) => `${course.id}/${type.toLowerCase()}-1`;
  await ok(
    record(app, {
      enrollments: ids.map((learnerId) => enrollment(learnerId, { courseId: course.id })),
      scores: Object.entries(learners).flatMap(([learner, earned]) =>
        scores(
          `${id}-${learner}`,
          course.id,
          Object.fromEntries(
            Object.entries(earned)
              .filter((entry): entry is [string, number] => entry[1] !== null)
              .map(([type, points]) => [itemOf(type), points]),
          ),
        ),
      ),
    }),
  );
  const results: Record<string, { rule: Progress; overall: number }> = {};
  for (const [learner, learnerId] of Object.keys(learners).map((l, i) => [l, ids[i]])) {
    const [rule, probe] = await progressOf(app, learnerId, { courseId: course.id });
    results[learner] = { rule, overall: probe.requirements[0].current };
  }
  return results;
}
type Progress = Awaited<ReturnType<typeof progressOf>>[number];

const HLE: [string, number][] = [
  ['Homework', 0.3],
  ['Lab', 0.3],
  ['Exam', 0.4],
];

describe('Grades (policy Homework 0.3, Lab 0.3, Exam 0.4), end to end', () => {
  it.each(GRADE_CASES)(
    '$id: earned $earned → eligible $eligible, overall $overall',
    async ({ id, earned, requirements, eligible, overall, unmet }) => {
      const [homework, lab, exam] = earned;
      const { learner } = await scenario(id, HLE, requirements, {
        learner: { Homework: homework, Lab: lab, Exam: exam },
      });
      expect(learner.rule.eligible).toBe(eligible);
      expect(learner.rule.enrolled).toBe(true);
      expect(learner.overall).toBe(overall);
      expect(learner.rule.requirements.map(label)).toEqual(requirements.map(label));
      expect(
        Object.fromEntries(
          learner.rule.requirements.filter((p) => !p.met).map((p) => [label(p), p.reason]),
        ),
      ).toEqual(unmet);
      expect(learner.rule.requirements.filter((p) => p.met).every((p) => p.reason === null)).toBe(
        true,
      );
    },
  );

  it('G8 (policy Homework 0.2, Exam 0.7, Lab 0.1; H≥0.4, E≥0.9, GRADE≥0.8): A eligible (0.825), B not (Homework)', async () => {
    const results = await scenario(
      'G8',
      [
        ['Homework', 0.2],
        ['Exam', 0.7],
        ['Lab', 0.1],
      ],
      [H(0.4), E(0.9), grade(0.8)],
      {
        A: { Homework: 80, Exam: 95, Lab: 0 },
        B: { Homework: 30, Exam: 95, Lab: 0 },
      },
    );
    expect(results.A.rule.eligible).toBe(true);
    expect(results.A.overall).toBe(0.825);
    expect(results.B.rule.eligible).toBe(false);
    expect(results.B.overall).toBe(0.725);
    expect(results.B.rule.requirements.filter((p) => !p.met).map(label)).toEqual([
      'ASSIGNMENT_GRADE:Homework',
      'GRADE',
    ]);
  });

  it('G9 points-weighted: Homework items of 100 and 50 possible, earned 50 and 0 → 0.3333', async () => {
    const course = {
      id: 'course-v1:Grades+G9+2026',
      title: 'G9',
      gradingPolicy: [{ assignmentType: 'Homework', weight: 1 }],
      blocks: [],
      gradedItems: [
        { id: 'g9-hw-1', assignmentType: 'Homework', possiblePoints: 100 },
        { id: 'g9-hw-2', assignmentType: 'Homework', possiblePoints: 50 },
      ],
    };
    await upsertCourse(app, course);
    const mins = [0.3333, 0.34, 0.5];
    for (const [tier, min] of mins.entries()) {
      await createConfiguration(app, { courseId: course.id, requirements: [H(min)], tier });
    }
    await upsertLearners(app, ['G9-learner']);
    await ok(
      record(app, {
        enrollments: [enrollment('G9-learner', { courseId: course.id })],
        scores: scores('G9-learner', course.id, { 'g9-hw-1': 50, 'g9-hw-2': 0 }),
      }),
    );
    const progress = await progressOf(app, 'G9-learner', { courseId: course.id });
    expect(
      progress.map((p) => [p.requirements[0].current, p.requirements[0].required, p.eligible]),
    ).toEqual([
      [0.3333, 0.3333, true],
      [0.3333, 0.34, false],
      [0.3333, 0.5, false],
    ]);
  });
});
