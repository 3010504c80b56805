import {
  ConfigurationRulesDocument,
  CreateConfigurationDocument,
  LearnerProgressTreeDocument,
  type RequirementInput,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import {
  assignmentGrade,
  at,
  createConfiguration,
  enrollment,
  grade,
  ok,
  query,
  record,
  scores,
  testCourse,
  upsertCourse,
  upsertLearners,
} from './helpers';

/**
 * "Final Exam ≥ 0.8 or Project ≥ 0.8, on the verified or professional track", end to end:
 * recordProgress → learnerProgress (the tree) → issuance (auto-issue).
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const course = {
  ...testCourse('course-v1:Groups+E2E+2026', { blocks: 0, policy: [] }),
  gradingPolicy: [
    { assignmentType: 'Final Exam', weight: 0.5 },
    { assignmentType: 'Project', weight: 0.5 },
  ],
  gradedItems: [
    { id: 'final-exam', assignmentType: 'Final Exam', possiblePoints: 100 },
    { id: 'project', assignmentType: 'Project', possiblePoints: 100 },
  ],
};
const courseId = course.id;
const item = (type: string) => (type === 'Project' ? 'project' : 'final-exam');
const rule: RequirementInput[] = [
  {
    kind: 'ANY_OF',
    requirements: [assignmentGrade('Final Exam', 0.8), assignmentGrade('Project', 0.8)],
  },
  { kind: 'ENROLLMENT_TRACK', modes: ['verified', 'professional'] },
];
let configurationId: string;

const tree = async (learnerId: string) =>
  (await ok(app.gql(LearnerProgressTreeDocument, { learnerId, courseId }, app.adminToken)))
    .learnerProgress[0];
const issued = async () =>
  (
    await query<{ learner_id: string }>(
      app,
      'select learner_id from credential where configuration_id = $1 order by learner_id',
      [configurationId],
    )
  ).map((row) => row.learner_id);

beforeAll(async () => {
  await upsertCourse(app, course);
  configurationId = await createConfiguration(app, {
    courseId,
    requirements: rule,
    autoIssue: true,
  });
  await upsertLearners(app, ['g1', 'g2', 'g3', 'g4']);
  const learners: [string, string, number, number][] = [
    ['g1', 'verified', 85, 0],
    ['g2', 'audit', 85, 0],
    ['g3', 'Professional', 60, 79.995],
    ['g4', 'verified', 60, 40],
  ];
  await ok(
    record(app, {
      enrollments: learners.map(([id, mode]) => ({ ...enrollment(id, { courseId }), mode })),
      scores: learners.flatMap(([id, , exam, project]) =>
        scores(id, courseId, { [item('Final Exam')]: exam, [item('Project')]: project }),
      ),
    }),
  );
});

describe('ANY_OF group and ENROLLMENT_TRACK, end to end', () => {
  it('stores and reads back the tree', async () => {
    const data = await ok(
      app.gql(ConfigurationRulesDocument, { id: configurationId }, app.adminToken),
    );
    expect(data.credentialConfiguration?.requirements).toEqual([
      {
        kind: 'ANY_OF',
        min: 1,
        assignmentType: null,
        modes: null,
        requirements: [
          {
            kind: 'ASSIGNMENT_GRADE',
            min: 0.8,
            assignmentType: 'Final Exam',
            modes: null,
            requirements: null,
          },
          {
            kind: 'ASSIGNMENT_GRADE',
            min: 0.8,
            assignmentType: 'Project',
            modes: null,
            requirements: null,
          },
        ],
      },
      {
        kind: 'ENROLLMENT_TRACK',
        min: 1,
        assignmentType: null,
        modes: ['verified', 'professional'],
        requirements: null,
      },
    ]);
  });

  it('issues to the learners who meet one alternative on the right track', async () => {
    expect(await issued()).toEqual(['g1', 'g3']);
    expect((await tree('g2')).requirements[1]).toMatchObject({
      met: false,
      reason: 'Enrolled in audit; requires verified or professional',
    });
    // 79.995 / 100 rounds to 0.8: met.
    expect((await tree('g3')).requirements[0].children?.[1]).toMatchObject({
      current: 0.8,
      met: true,
    });
  });

  it('learnerProgress shows each group with its members and the best member’s progress', async () => {
    const progress = await tree('g4');
    expect(progress).toMatchObject({ eligible: false, progress: 0.875, credential: null });
    expect(progress.requirements).toEqual([
      {
        kind: 'ANY_OF',
        assignmentType: null,
        required: 1,
        current: 0.75,
        met: false,
        reason:
          'None of 2 alternatives is met: Final Exam grade 0.6 is below 0.8; Project grade 0.4 is below 0.8',
        counts: null,
        children: [
          {
            kind: 'ASSIGNMENT_GRADE',
            assignmentType: 'Final Exam',
            required: 0.8,
            current: 0.6,
            met: false,
            reason: 'Final Exam grade 0.6 is below 0.8',
            counts: null,
            children: null,
          },
          {
            kind: 'ASSIGNMENT_GRADE',
            assignmentType: 'Project',
            required: 0.8,
            current: 0.4,
            met: false,
            reason: 'Project grade 0.4 is below 0.8',
            counts: null,
            children: null,
          },
        ],
      },
      {
        kind: 'ENROLLMENT_TRACK',
        assignmentType: null,
        required: 1,
        current: 1,
        met: true,
        reason: null,
        counts: null,
        children: null,
      },
    ]);
  });

  it('a late project score meets the other alternative and issues the credential', async () => {
    await ok(record(app, { scores: scores('g4', courseId, { [item('Project')]: 80 }, at(10)) }));
    const progress = await tree('g4');
    expect(progress).toMatchObject({ eligible: true, progress: 1 });
    expect(progress.requirements[0]).toMatchObject({ kind: 'ANY_OF', current: 1, met: true });
    expect(await issued()).toEqual(['g1', 'g3', 'g4']);
  });

  it('refuses a group nested below the third level, naming the field', async () => {
    const response = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: 'Too deep',
          courseId,
          requirements: [
            {
              kind: 'ALL_OF',
              requirements: [
                { kind: 'ANY_OF', requirements: [{ kind: 'ALL_OF', requirements: [grade(0.5)] }] },
              ],
            },
          ],
        },
      },
      app.adminToken,
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(response.errors)).toContain(
      'requirements[0].requirements[0].requirements[0].kind',
    );
  });
});
