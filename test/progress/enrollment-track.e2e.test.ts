import {
  ConfigurationRulesDocument,
  CreateConfigurationDocument,
  IssueCredentialDocument,
  IssueCredentialsDocument,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import {
  at,
  completion,
  createConfiguration,
  enrollment,
  ok,
  progressOf,
  query,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
  upsertPath,
} from './helpers';

/** ENROLLMENT_TRACK and a configuration's auditCutoffDate, through the API. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const track = (...modes: string[]) => ({ kind: 'ENROLLMENT_TRACK' as const, modes });
const HOUR = 3_600_000;

async function credentialsOf(configurationId: string): Promise<string[]> {
  const rows = await query<{ learner_id: string }>(
    app,
    'select learner_id from credential where configuration_id = $1 order by learner_id',
    [configurationId],
  );
  return rows.map((row) => row.learner_id);
}

describe('ENROLLMENT_TRACK end to end', () => {
  it('follows the enrollment mode recorded through recordProgress', async () => {
    const course = testCourse('course-v1:Track+E2E+2026', { blocks: 0 });
    await upsertCourse(app, course);
    const id = await createConfiguration(app, {
      courseId: course.id,
      requirements: [track('Verified', 'professional')],
    });
    const stored = await ok(app.gql(ConfigurationRulesDocument, { id }, app.adminToken));
    expect(stored.credentialConfiguration?.requirements).toEqual([
      {
        kind: 'ENROLLMENT_TRACK',
        min: 1,
        assignmentType: null,
        modes: ['Verified', 'professional'],
        requirements: null,
      },
    ]);
    await upsertLearners(app, ['t1']);
    const courseId = course.id;
    await ok(record(app, { enrollments: [{ ...enrollment('t1', { courseId }), mode: 'audit' }] }));
    let [progress] = await progressOf(app, 't1', { courseId });
    expect(progress).toMatchObject({ eligible: false, progress: 0 });
    expect(progress.requirements).toEqual([
      {
        kind: 'ENROLLMENT_TRACK',
        assignmentType: null,
        required: 1,
        current: 0,
        met: false,
        reason: 'Enrolled in audit; requires verified or professional',
      },
    ]);
    // An upgrade to verified on the platform.
    await ok(
      record(app, {
        enrollments: [{ ...enrollment('t1', { courseId }, true, at(5)), mode: 'VERIFIED' }],
      }),
    );
    [progress] = await progressOf(app, 't1', { courseId });
    expect(progress).toMatchObject({ eligible: true, progress: 1 });
    expect(progress.requirements[0]).toMatchObject({ current: 1, met: true, reason: null });
    // An older fact (replayed) does not downgrade it.
    await ok(
      record(app, {
        enrollments: [{ ...enrollment('t1', { courseId }, true, at(1)), mode: 'audit' }],
      }),
    );
    [progress] = await progressOf(app, 't1', { courseId });
    expect(progress.eligible).toBe(true);
  });

  it('rejects a track without modes and modes on another kind, naming the field', async () => {
    const course = testCourse('course-v1:Track+Invalid+2026', { blocks: 0 });
    await upsertCourse(app, course);
    const response = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: 'x',
          courseId: course.id,
          requirements: [
            { kind: 'ENROLLMENT_TRACK', modes: [] },
            { ...completion(0.5), modes: ['audit'] },
          ],
        },
      },
      app.adminToken,
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(response.errors)).toContain('requirements[0].modes');
    expect(JSON.stringify(response.errors)).toContain('requirements[1].modes');
  });
});

describe('auditCutoffDate', () => {
  async function scenario(name: string, cutoff: Date) {
    const course = testCourse(`course-v1:Cutoff+${name}+2026`, { blocks: 0 });
    await upsertCourse(app, course);
    const id = await createConfiguration(app, {
      courseId: course.id,
      requirements: [completion(0)],
      autoIssue: true,
      auditCutoffDate: cutoff.toISOString(),
    });
    const learners = { audit: `${name}-a`, verified: `${name}-v`, unknown: `${name}-u` };
    await upsertLearners(app, Object.values(learners));
    const courseId = course.id;
    await ok(
      record(app, {
        enrollments: [
          { ...enrollment(learners.audit, { courseId }), mode: 'Audit' },
          { ...enrollment(learners.verified, { courseId }), mode: 'verified' },
          enrollment(learners.unknown, { courseId }),
        ],
      }),
    );
    return { id, learners, courseId };
  }

  it('after the cut-off, audit learners are not issued; the others are', async () => {
    const { id, learners, courseId } = await scenario('Past', new Date(Date.now() - HOUR));
    // Eligible all the same: the cut-off is applied when a credential would be issued.
    const [progress] = await progressOf(app, learners.audit, { courseId });
    expect(progress.eligible).toBe(true);
    expect(await credentialsOf(id)).toEqual([learners.unknown, learners.verified].sort());

    const one = await app.gql(
      IssueCredentialDocument,
      { configurationId: id, learnerId: learners.audit },
      app.adminToken,
    );
    expect(one.errors?.[0]).toMatchObject({
      message: expect.stringContaining('no longer issued to learners in the audit mode'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const bulk = await ok(
      app.gql(IssueCredentialsDocument, { configurationId: id }, app.adminToken),
    );
    expect(bulk.issueCredentials).toMatchObject({ eligible: 3, issued: 0, alreadyHeld: 2 });
    // An admin may still force it.
    await ok(
      app.gql(
        IssueCredentialDocument,
        { configurationId: id, learnerId: learners.audit, force: true },
        app.adminToken,
      ),
    );
    expect(await credentialsOf(id)).toHaveLength(3);
  });

  it('before the cut-off, audit learners are issued, and keep theirs once it passes', async () => {
    const { id, learners } = await scenario('Future', new Date(Date.now() + HOUR));
    expect(await credentialsOf(id)).toEqual(Object.values(learners).sort());
    await query(
      app,
      `update credential_configuration set audit_cutoff_date = now() - interval '1 minute' where id = $1`,
      [id],
    );
    const statuses = await query<{ status: string }>(
      app,
      'select status from credential where configuration_id = $1 and learner_id = $2',
      [id, learners.audit],
    );
    expect(statuses).toHaveLength(1);
    expect(statuses[0].status).not.toBe('REVOKED');
  });

  it('is refused on a learning path configuration', async () => {
    const course = testCourse('course-v1:Cutoff+PathStep+2026', { blocks: 0 });
    await upsertCourse(app, course);

    await upsertPath(app, 'path-v1:Cutoff+P+2026+G', [course.id]);

    const response = await app.gql(
      CreateConfigurationDocument,
      {
        input: {
          name: 'x',
          learningPathId: 'path-v1:Cutoff+P+2026+G',
          requirements: [completion(0)],
          auditCutoffDate: new Date().toISOString(),
        },
      },
      app.adminToken,
    );
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'auditCutoffDate',
    });
  });
});
