import {
  CreateConfigurationDocument,
  type CredentialConfigurationInput,
  PreviewEligibilityDocument,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { snapshotTables } from '../support/db-snapshot';
import {
  completion,
  completions,
  done,
  enrollment,
  ok,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';

let app: TestApp;

const C = testCourse('course-v1:Preview+C+2026');
const BIG = testCourse('course-v1:Preview+Big+2026');
const OTHER = 'course-v1:Preview+Other+2026';
const MAX_LEARNERS = 5;

const input = (min: number, extra: Partial<CredentialConfigurationInput> = {}) => ({
  name: 'Certificate',
  courseId: C.id,
  requirements: [completion(min)],
  ...extra,
});

beforeAll(async () => {
  app = await startTestApp({ PREVIEW_MAX_LEARNERS: String(MAX_LEARNERS) });
  await upsertCourse(app, C);
  await upsertCourse(app, BIG);
  const big = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
  await upsertLearners(app, ['l1', 'l2', 'l3', 'l4', 'l5', 'gone', 'outsider', ...big]);
  await ok(
    record(app, {
      enrollments: [
        ...['l1', 'l2', 'l3', 'l4', 'l5'].map((id) => enrollment(id, { courseId: C.id })),
        enrollment('gone', { courseId: C.id }, false),
        ...big.map((id) => enrollment(id, { courseId: BIG.id })),
      ],
      completions: [
        ...completions('l1', C, done(10)),
        ...completions('l2', C, done(8)),
        ...completions('l3', C, done(7)),
        ...completions('l4', C, done(7, [0.5])),
        ...completions('gone', C, done(10)),
        ...completions('outsider', C, done(10)),
      ],
    }),
  );
});
afterAll(() => app.stop());

describe('previewEligibility', () => {
  it('counts the actively enrolled learners who qualify now and those within 10 %', async () => {
    const data = await ok(
      app.gql(PreviewEligibilityDocument, { input: input(0.8) }, app.adminToken),
    );
    expect(data.previewEligibility).toEqual({
      enrolledLearners: 5,
      qualifyingNow: 2,
      // l4: 0.75 of 0.8 is 93.75 %; l3: 0.7 of 0.8 is 87.5 %.
      withinTenPercent: 1,
      sample: [
        { learnerId: 'l1', qualifies: true, progress: 1 },
        { learnerId: 'l2', qualifies: true, progress: 1 },
        { learnerId: 'l4', qualifies: false, progress: 0.9375 },
        { learnerId: 'l3', qualifies: false, progress: 0.875 },
        { learnerId: 'l5', qualifies: false, progress: 0 },
      ],
    });
  });

  it('follows the minimum, and sample takes a size', async () => {
    const data = await ok(
      app.gql(PreviewEligibilityDocument, { input: input(0.7), size: 1 }, app.adminToken),
    );
    expect(data.previewEligibility).toMatchObject({
      qualifyingNow: 4,
      withinTenPercent: 0,
      sample: [{ learnerId: 'l1', qualifies: true }],
    });
    const tooMany = await app.gql(
      PreviewEligibilityDocument,
      { input: input(0.7), size: 51 },
      app.adminToken,
    );
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'size' });
  });

  it('writes nothing', async () => {
    const before = await snapshotTables(app.databaseUrl);
    app.sql.length = 0;
    await ok(app.gql(PreviewEligibilityDocument, { input: input(0.5) }, app.adminToken));
    expect(app.sql.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql))).toEqual([]);
    expect(await snapshotTables(app.databaseUrl)).toEqual(before);
  });

  it('refuses what createCredentialConfiguration refuses, with the same problems', async () => {
    const bad: CredentialConfigurationInput[] = [
      input(1.5, { name: ' ', tier: -1 }),
      { name: 'Nowhere', requirements: [completion(0.5)] },
      { name: 'Unknown', courseId: 'course-v1:Preview+Nope+2026', requirements: [completion(0.5)] },
      input(0.5, {
        requirements: [{ kind: 'ASSIGNMENT_GRADE', assignmentType: 'Essay', min: 0.5 }],
      }),
    ];
    for (const candidate of bad) {
      const before = await snapshotTables(app.databaseUrl);
      const preview = await app.gql(
        PreviewEligibilityDocument,
        { input: candidate },
        app.adminToken,
      );
      const created = await app.gql(
        CreateConfigurationDocument,
        { input: candidate },
        app.adminToken,
      );
      expect(preview.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(preview.errors?.map((e) => [e.message, e.extensions])).toEqual(
        created.errors?.map((e) => [e.message, e.extensions]),
      );
      expect(await snapshotTables(app.databaseUrl)).toEqual(before);
    }
  });

  it('needs the rights to create that configuration', async () => {
    const code = async (token: string | null) =>
      (await app.gql(PreviewEligibilityDocument, { input: input(0.8) }, token)).errors?.[0]
        .extensions?.code;
    expect(await code(null)).toBe('UNAUTHENTICATED');
    expect(await code(await app.token({ subject: 'l1' }))).toBe('FORBIDDEN');
    expect(await code(await app.token({ subject: 's2', staffCourses: [OTHER] }))).toBe('FORBIDDEN');
    const staff = await app.token({ subject: 's1', staffCourses: [C.id] });
    expect(
      (await ok(app.gql(PreviewEligibilityDocument, { input: input(0.8) }, staff)))
        .previewEligibility.qualifyingNow,
    ).toBe(2);
  });

  it('refuses a context with more enrolled learners than PREVIEW_MAX_LEARNERS', async () => {
    const result = await app.gql(
      PreviewEligibilityDocument,
      { input: input(0.8, { courseId: BIG.id }) },
      app.adminToken,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'courseId',
    });
    expect(result.errors?.[0].message).toContain(`more than ${MAX_LEARNERS} learners`);
  });
});
