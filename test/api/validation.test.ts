import { randomUUID } from 'node:crypto';
import {
  ConfigurationDocument,
  CreateConfigurationDocument,
  type CredentialConfigurationInput,
  type CredentialConfigurationPatch,
  type CourseInput,
  type LearnerInput,
  type LearningPathInput,
  UpdateConfigurationDocument,
  UpsertCourseDocument,
  UpsertLearnerDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
import { courseInput } from '../support/fixtures';

let app: TestApp;

const C1 = 'course-v1:Valid+C1+2026';
const C2 = 'course-v1:Valid+C2+2026';
const C3 = 'course-v1:Valid+C3+2026';
const P1 = 'path-v1:Valid+P1+2026+A';
let courseConfigId: string;
let pathConfigId: string;

beforeAll(async () => {
  app = await startTestApp();
  for (const id of [C1, C2, C3]) {
    expect(
      (await app.gql(UpsertCourseDocument, { input: courseInput(id) }, app.adminToken)).errors,
    ).toBeUndefined();
  }
  const path = await app.gql(
    UpsertLearningPathDocument,
    { input: { id: P1, title: 'Path', steps: [C1, C2] } },
    app.adminToken,
  );
  expect(path.errors).toBeUndefined();
  await app.gql(UpsertLearnerDocument, { input: { id: 'learner-1', name: 'Ada' } }, app.adminToken);
  const course = await app.gql(
    CreateConfigurationDocument,
    {
      input: { name: 'Completion', courseId: C1, requirements: [{ kind: 'COMPLETION', min: 0.8 }] },
    },
    app.adminToken,
  );
  courseConfigId = course.data!.createCredentialConfiguration.id;
  const onPath = await app.gql(
    CreateConfigurationDocument,
    {
      input: {
        name: 'Path certificate',
        learningPathId: P1,
        requirements: [{ kind: 'COMPLETION', min: 0.7 }],
        stepOverrides: [{ courseId: C2, requirements: [{ kind: 'COMPLETION', min: 0.9 }] }],
      },
    },
    app.adminToken,
  );
  pathConfigId = onPath.data!.createCredentialConfiguration.id;
});
afterAll(() => app.stop());

/** Sends a request that must fail with BAD_USER_INPUT on `field` and change no row. */
async function expectRefused(
  send: () => Promise<GraphQLResponse<unknown>>,
  field: string,
): Promise<GraphQLResponse<unknown>> {
  const before = await snapshotTables(app.databaseUrl);
  const result = await send();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.data ?? null).toBeNull();
  expect(await snapshotTables(app.databaseUrl)).toEqual(before);
  return result;
}

describe('upsertCourse', () => {
  // Each case targets the existing course C3 (so a partial write would show) unless it changes the id.
  const cases: [string, (c: CourseInput) => CourseInput, string][] = [
    ['a malformed course key', (c) => ({ ...c, id: 'C3' }), 'id'],
    ['a course key without run', (c) => ({ ...c, id: 'course-v1:Valid+C3' }), 'id'],
    ['a path key as course id', (c) => ({ ...c, id: 'path-v1:Valid+C3+2026' }), 'id'],
    ['an empty title', (c) => ({ ...c, title: '' }), 'title'],
    ['a blank title', (c) => ({ ...c, title: '   ' }), 'title'],
    ['a language that is not BCP 47', (c) => ({ ...c, language: 'English' }), 'language'],
    ['a language with an underscore', (c) => ({ ...c, language: 'pt_BR' }), 'language'],
    ['an empty language', (c) => ({ ...c, language: '' }), 'language'],
    [
      'policy weights summing above 1',
      (c) => ({
        ...c,
        gradingPolicy: [
          { assignmentType: 'Homework', weight: 0.6 },
          { assignmentType: 'Exam', weight: 0.5 },
        ],
        gradedItems: [],
      }),
      'gradingPolicy',
    ],
    [
      'a weight above 1',
      (c) => ({ ...c, gradingPolicy: [{ assignmentType: 'Exam', weight: 1.5 }], gradedItems: [] }),
      'gradingPolicy[0].weight',
    ],
    [
      'a negative weight',
      (c) => ({ ...c, gradingPolicy: [{ assignmentType: 'Exam', weight: -0.1 }], gradedItems: [] }),
      'gradingPolicy[0].weight',
    ],
    [
      'a duplicate assignment type',
      (c) => ({
        ...c,
        gradingPolicy: [
          { assignmentType: 'Exam', weight: 0.5 },
          { assignmentType: 'Exam', weight: 0.5 },
        ],
        gradedItems: [],
      }),
      'gradingPolicy[1].assignmentType',
    ],
    [
      'an empty assignment type',
      (c) => ({ ...c, gradingPolicy: [{ assignmentType: ' ', weight: 1 }], gradedItems: [] }),
      'gradingPolicy[0].assignmentType',
    ],
    [
      'a graded item type not in the policy',
      (c) => ({
        ...c,
        gradedItems: [{ id: `${C3}/quiz-1`, assignmentType: 'Quiz', possiblePoints: 10 }],
      }),
      'gradedItems[0].assignmentType',
    ],
    [
      'zero possible points',
      (c) => ({
        ...c,
        gradedItems: [{ id: `${C3}/exam-1`, assignmentType: 'Exam', possiblePoints: 0 }],
      }),
      'gradedItems[0].possiblePoints',
    ],
    [
      'negative possible points',
      (c) => ({
        ...c,
        gradedItems: [{ id: `${C3}/exam-1`, assignmentType: 'Exam', possiblePoints: -5 }],
      }),
      'gradedItems[0].possiblePoints',
    ],
    [
      'duplicate block ids',
      (c) => ({ ...c, blocks: [{ id: `${C3}/b` }, { id: `${C3}/b`, optional: true }] }),
      'blocks[1].id',
    ],
    ['an empty block id', (c) => ({ ...c, blocks: [{ id: '' }] }), 'blocks[0].id'],
    ['a block id with a space', (c) => ({ ...c, blocks: [{ id: 'block 1' }] }), 'blocks[0].id'],
    [
      'duplicate graded item ids',
      (c) => ({
        ...c,
        gradedItems: [
          { id: `${C3}/x`, assignmentType: 'Exam', possiblePoints: 10 },
          { id: `${C3}/x`, assignmentType: 'Lab', possiblePoints: 10 },
        ],
      }),
      'gradedItems[1].id',
    ],
    [
      'a block id owned by another course',
      (c) => ({ ...c, blocks: [{ id: `${C1}/block-0` }] }),
      'blocks[0].id',
    ],
    [
      'a graded item id owned by another course',
      (c) => ({
        ...c,
        gradedItems: [{ id: `${C1}/exam-1`, assignmentType: 'Exam', possiblePoints: 100 }],
      }),
      'gradedItems[0].id',
    ],
  ];

  it.each(cases)('refuses %s', async (_name, change, field) => {
    const input = change({ ...courseInput(C3, { blocks: 2 }), title: 'Changed title' });
    await expectRefused(() => app.gql(UpsertCourseDocument, { input }, app.adminToken), field);
  });
});

describe('upsertLearningPath', () => {
  const cases: [string, Partial<LearningPathInput>, string][] = [
    ['a malformed path key', { id: 'P1' }, 'id'],
    ['a course key as path id', { id: 'course-v1:Valid+P1+2026' }, 'id'],
    ['an empty title', { title: ' ' }, 'title'],
    ['duplicate step courses', { steps: [C1, C2, C1] }, 'steps[2]'],
    ['an unknown step course', { steps: [C1, 'course-v1:Valid+Nope+2026'] }, 'steps[1]'],
    ['a malformed step course key', { steps: ['not a course'] }, 'steps[0]'],
  ];

  it.each(cases)('refuses %s', async (_name, change, field) => {
    const input = { id: P1, title: 'Changed', steps: [C3], ...change };
    await expectRefused(
      () => app.gql(UpsertLearningPathDocument, { input }, app.adminToken),
      field,
    );
  });
});

describe('upsertLearner', () => {
  const cases: [string, Partial<LearnerInput>, string][] = [
    ['an empty id', { id: '' }, 'id'],
    ['an id with a space', { id: 'learner 1' }, 'id'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
  ];

  it.each(cases)('refuses %s', async (_name, change, field) => {
    const input = { id: 'learner-1', name: 'Changed', ...change };
    await expectRefused(() => app.gql(UpsertLearnerDocument, { input }, app.ingestToken), field);
  });
});

describe('createCredentialConfiguration', () => {
  const onCourse = (
    change: Partial<CredentialConfigurationInput>,
  ): CredentialConfigurationInput => ({
    name: 'Certificate',
    courseId: C1,
    requirements: [{ kind: 'GRADE', min: 0.5 }],
    ...change,
  });
  const onPath = (change: Partial<CredentialConfigurationInput>): CredentialConfigurationInput => ({
    name: 'Path certificate',
    learningPathId: P1,
    requirements: [{ kind: 'COMPLETION', min: 0.5 }],
    ...change,
  });

  const cases: [string, CredentialConfigurationInput, string][] = [
    // G11
    [
      'G11: min 1.2',
      onCourse({ requirements: [{ kind: 'COMPLETION', min: 1.2 }] }),
      'requirements[0].min',
    ],
    [
      'G11: min -0.1',
      onCourse({ requirements: [{ kind: 'GRADE', min: -0.1 }] }),
      'requirements[0].min',
    ],
    [
      'G11: min 1.2 on an assignment grade',
      onCourse({ requirements: [{ kind: 'ASSIGNMENT_GRADE', assignmentType: 'Exam', min: 1.2 }] }),
      'requirements[0].min',
    ],
    ['no requirement', onCourse({ requirements: [] }), 'requirements'],
    ['an unknown course', onCourse({ courseId: 'course-v1:Valid+Nope+2026' }), 'courseId'],
    ['a malformed course id', onCourse({ courseId: 'nope' }), 'courseId'],
    [
      'an unknown learning path',
      onPath({ learningPathId: 'path-v1:Valid+Nope+2026+A' }),
      'learningPathId',
    ],
    ['both courseId and learningPathId', onCourse({ learningPathId: P1 }), 'courseId'],
    ['neither courseId nor learningPathId', onCourse({ courseId: null }), 'courseId'],
    ['an empty name', onCourse({ name: ' ' }), 'name'],
    ['a name over 500 characters', onCourse({ name: 'x'.repeat(501) }), 'name'],
    ['a locale that is not BCP 47', onCourse({ locale: 'english' }), 'locale'],
    ['an empty locale', onCourse({ locale: '' }), 'locale'],
    ['a negative tier', onCourse({ tier: -1 }), 'tier'],
    ['a template that is not an object', onCourse({ template: [1, 2] }), 'template'],
    [
      'ASSIGNMENT_GRADE without an assignment type',
      onCourse({ requirements: [{ kind: 'ASSIGNMENT_GRADE', min: 0.5 }] }),
      'requirements[0].assignmentType',
    ],
    [
      'COMPLETION with an assignment type',
      onCourse({ requirements: [{ kind: 'COMPLETION', min: 0.5, assignmentType: 'Exam' }] }),
      'requirements[0].assignmentType',
    ],
    [
      'the same requirement twice',
      onCourse({
        requirements: [
          { kind: 'GRADE', min: 0.5 },
          { kind: 'GRADE', min: 0.6 },
        ],
      }),
      'requirements[1]',
    ],
    [
      'stepOverrides on a course configuration',
      onCourse({ stepOverrides: [{ courseId: C1, requirements: [{ kind: 'GRADE', min: 0.5 }] }] }),
      'stepOverrides',
    ],
    [
      'an override course that is not a path step',
      onPath({ stepOverrides: [{ courseId: C3, requirements: [{ kind: 'GRADE', min: 0.5 }] }] }),
      'stepOverrides[0].courseId',
    ],
    [
      'two overrides for one step',
      onPath({
        stepOverrides: [
          { courseId: C1, requirements: [{ kind: 'GRADE', min: 0.5 }] },
          { courseId: C1, requirements: [{ kind: 'GRADE', min: 0.6 }] },
        ],
      }),
      'stepOverrides[1].courseId',
    ],
    [
      'an override threshold above 1',
      onPath({ stepOverrides: [{ courseId: C2, requirements: [{ kind: 'GRADE', min: 1.5 }] }] }),
      'stepOverrides[0].requirements[0].min',
    ],
    [
      'an override with no requirement',
      onPath({ stepOverrides: [{ courseId: C2, requirements: [] }] }),
      'stepOverrides[0].requirements',
    ],
    [
      'a path threshold below 0',
      onPath({ requirements: [{ kind: 'COMPLETION', min: -0.1 }] }),
      'requirements[0].min',
    ],
    [
      'a path assignment type missing from a step course policy',
      onPath({ requirements: [{ kind: 'ASSIGNMENT_GRADE', assignmentType: 'Quiz', min: 0.5 }] }),
      'requirements[0].assignmentType',
    ],
  ];

  it.each(cases)('refuses %s', async (_name, input, field) => {
    await expectRefused(
      () => app.gql(CreateConfigurationDocument, { input }, app.adminToken),
      field,
    );
  });

  it('G10: refuses an assignment type the policy does not have, naming it', async () => {
    const result = await expectRefused(
      () =>
        app.gql(
          CreateConfigurationDocument,
          {
            input: onCourse({
              requirements: [
                { kind: 'COMPLETION', min: 0.5 },
                { kind: 'ASSIGNMENT_GRADE', assignmentType: 'Quiz', min: 0.6 },
              ],
            }),
          },
          app.adminToken,
        ),
      'requirements[1].assignmentType',
    );
    expect(result.errors?.[0].message).toContain('"Quiz"');
  });

  it('G10: refuses an override on an assignment type its step course does not have', async () => {
    const result = await expectRefused(
      () =>
        app.gql(
          CreateConfigurationDocument,
          {
            input: onPath({
              stepOverrides: [
                {
                  courseId: C2,
                  requirements: [{ kind: 'ASSIGNMENT_GRADE', assignmentType: 'Quiz', min: 0.6 }],
                },
              ],
            }),
          },
          app.adminToken,
        ),
      'stepOverrides[0].requirements[0].assignmentType',
    );
    expect(result.errors?.[0].message).toContain('"Quiz"');
  });

  it('lists every problem, the first one in field', async () => {
    const result = await expectRefused(
      () =>
        app.gql(
          CreateConfigurationDocument,
          { input: onCourse({ name: '', locale: 'x', requirements: [{ kind: 'GRADE', min: 2 }] }) },
          app.adminToken,
        ),
      'name',
    );
    const problems = result.errors?.[0].extensions?.problems as { field: string }[];
    expect(problems.map((p) => p.field).sort()).toEqual(['locale', 'name', 'requirements[0].min']);
  });

  it('refuses a requirement kind GraphQL does not know, before any resolver runs', async () => {
    const before = await snapshotTables(app.databaseUrl);
    const result = await app.gql(
      CreateConfigurationDocument,
      { input: onCourse({ requirements: [{ kind: 'QUIZ' as never, min: 0.5 }] }) },
      app.adminToken,
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('input.requirements[0].kind');
    expect(await snapshotTables(app.databaseUrl)).toEqual(before);
  });

  it('accepts the boundaries 0 and 1', async () => {
    const result = await app.gql(
      CreateConfigurationDocument,
      {
        input: onCourse({
          requirements: [
            { kind: 'COMPLETION', min: 0 },
            { kind: 'GRADE', min: 1 },
          ],
        }),
      },
      app.adminToken,
    );
    expect(result.errors).toBeUndefined();
  });
});

describe('updateCredentialConfiguration', () => {
  const courseCases: [string, CredentialConfigurationPatch, string][] = [
    ['G11: min 1.2', { requirements: [{ kind: 'COMPLETION', min: 1.2 }] }, 'requirements[0].min'],
    ['G11: min -0.1', { requirements: [{ kind: 'COMPLETION', min: -0.1 }] }, 'requirements[0].min'],
    [
      'G10: an assignment type not in the policy',
      { requirements: [{ kind: 'ASSIGNMENT_GRADE', assignmentType: 'Quiz', min: 0.5 }] },
      'requirements[0].assignmentType',
    ],
    ['no requirement', { requirements: [] }, 'requirements'],
    ['an empty name', { name: '' }, 'name'],
    ['a null name', { name: null }, 'name'],
    ['a null requirements list', { requirements: null }, 'requirements'],
    ['a bad locale', { locale: 'en_US!' }, 'locale'],
    ['a negative tier', { tier: -3 }, 'tier'],
    ['a template that is not an object', { template: 'plain' }, 'template'],
    [
      'stepOverrides on a course configuration',
      { stepOverrides: [{ courseId: C1, requirements: [{ kind: 'GRADE', min: 0.5 }] }] },
      'stepOverrides',
    ],
    [
      'a good name with a bad requirement',
      { name: 'Renamed', requirements: [{ kind: 'GRADE', min: 7 }] },
      'requirements[0].min',
    ],
  ];

  it.each(courseCases)(
    'refuses %s on a course configuration, leaving it unchanged',
    async (_name, patch, field) => {
      const before = await app.gql(ConfigurationDocument, { id: courseConfigId }, app.adminToken);
      await expectRefused(
        () =>
          app.gql(
            UpdateConfigurationDocument,
            { id: courseConfigId, input: patch },
            app.adminToken,
          ),
        field,
      );
      const after = await app.gql(ConfigurationDocument, { id: courseConfigId }, app.adminToken);
      expect(after.data).toEqual(before.data);
    },
  );

  const pathCases: [string, CredentialConfigurationPatch, string][] = [
    [
      'an override course that is not a path step',
      { stepOverrides: [{ courseId: C3, requirements: [{ kind: 'GRADE', min: 0.5 }] }] },
      'stepOverrides[0].courseId',
    ],
    [
      'an override threshold above 1',
      { stepOverrides: [{ courseId: C1, requirements: [{ kind: 'COMPLETION', min: 1.2 }] }] },
      'stepOverrides[0].requirements[0].min',
    ],
    ['a null stepOverrides list', { stepOverrides: null }, 'stepOverrides'],
  ];

  it.each(pathCases)(
    'refuses %s on a path configuration, leaving it unchanged',
    async (_name, patch, field) => {
      const before = await app.gql(ConfigurationDocument, { id: pathConfigId }, app.adminToken);
      await expectRefused(
        () =>
          app.gql(UpdateConfigurationDocument, { id: pathConfigId, input: patch }, app.adminToken),
        field,
      );
      const after = await app.gql(ConfigurationDocument, { id: pathConfigId }, app.adminToken);
      expect(after.data).toEqual(before.data);
    },
  );

  it.each([randomUUID(), 'not-a-uuid'])('answers NOT_FOUND for unknown id %s', async (id) => {
    const before = await snapshotTables(app.databaseUrl);
    const result = await app.gql(
      UpdateConfigurationDocument,
      { id, input: { name: 'Renamed' } },
      app.adminToken,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(result.data ?? null).toBeNull();
    expect(await snapshotTables(app.databaseUrl)).toEqual(before);
  });

  it('applies a good patch after refused ones (and the row snapshot sees it)', async () => {
    const before = await snapshotTables(app.databaseUrl);
    const result = await app.gql(
      UpdateConfigurationDocument,
      {
        id: courseConfigId,
        input: { name: 'Renamed', requirements: [{ kind: 'GRADE', min: 0.6 }] },
      },
      app.adminToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateCredentialConfiguration).toMatchObject({
      name: 'Renamed',
      requirements: [{ kind: 'GRADE', min: 0.6, assignmentType: null, includeOptional: false }],
      course: { id: C1 },
    });
    const after = await snapshotTables(app.databaseUrl);
    expect(after.credential_configuration).not.toEqual(before.credential_configuration);
    expect({ ...after, credential_configuration: null }).toEqual({
      ...before,
      credential_configuration: null,
    });
  });
});
