import {
  CreateConfigurationDocument,
  CredentialDetailDocument,
  IssueCredentialDocument,
  UpdateConfigurationDocument,
} from '../operations/generated';
import {
  assignmentGrade,
  enrollment,
  grade,
  ok,
  record,
  scores,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';
import { FAST_JOBS, reaches } from '../issuance/helpers';
import { fetchedLists } from './helpers';
import { createDocumentLoader, verifyOpenBadge } from '../../src/modules/openbadges/core';
import { addDuration, parseDuration } from '../../src/modules/credentials/validity';

/** OB 3.0 `result` from the grades the rules asked for, and `validUntil` from `validFor`. */
type Json = Record<string, unknown>;

describe('validFor durations', () => {
  const plus = (iso: string, duration: string) =>
    addDuration(new Date(iso), parseDuration(duration)!).toISOString();

  it('adds calendar years and months, clamping to the month end', () => {
    expect(plus('2027-01-31T10:00:00.000Z', 'P1M')).toBe('2027-02-28T10:00:00.000Z');
    expect(plus('2028-01-31T10:00:00.000Z', 'P1M')).toBe('2028-02-29T10:00:00.000Z');
    expect(plus('2026-12-01T00:00:00.000Z', 'P1Y6M')).toBe('2028-06-01T00:00:00.000Z');
    expect(plus('2026-12-01T00:00:00.000Z', 'P2W1DT12H30M5S')).toBe('2026-12-16T12:30:05.000Z');
  });

  it('accepts only ISO-8601 durations', () => {
    for (const bad of ['P', 'PT', 'P1.5Y', '1Y', 'P1H', 'P-1D', 'PT1D', '']) {
      expect(parseDuration(bad)).toBeNull();
    }
  });
});

describe('results and expiry through the API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(FAST_JOBS);
  });
  afterAll(() => app.stop());

  async function gradedCourse(validFor: string | null) {
    const course = courseInput(`course-v1:Results+R${Date.now()}+2026`);
    await upsertCourse(app, course);
    const { createCredentialConfiguration } = await ok(
      app.gql(
        CreateConfigurationDocument,
        {
          input: {
            name: 'Certificate of Achievement',
            courseId: course.id,
            requirements: [grade(0.6), assignmentGrade('Exam', 0.8)],
            autoIssue: false,
            validFor,
          },
        },
        app.adminToken,
      ),
    );
    return { course, configuration: createCredentialConfiguration };
  }

  it('reports the learner’s grades as OB results and expires after validFor', async () => {
    const { course, configuration } = await gradedCourse('p1y');
    expect(configuration.validFor).toBe('P1Y');
    await upsertLearners(app, ['graded']);
    const earned = { [`${course.id}/homework-1`]: 90, [`${course.id}/lab-1`]: 80 };
    earned[`${course.id}/exam-1`] = 95;
    await ok(
      record(app, {
        enrollments: [enrollment('graded', { courseId: course.id }, true)],
        scores: scores('graded', course.id, earned),
      }),
    );
    const vars = { configurationId: configuration.id, learnerId: 'graded' };
    const { id } = (await ok(app.gql(IssueCredentialDocument, vars, app.adminToken)))
      .issueCredential;
    await reaches(app, id, 'AVAILABLE');
    // Later grades change nothing issued.
    await ok(record(app, { scores: scores('graded', course.id, { [`${course.id}/exam-1`]: 10 }) }));

    const detail = (await ok(app.gql(CredentialDetailDocument, { id }, app.adminToken)))
      .credential!;
    const issuedAt = new Date(detail.issuedAt as string);
    const expiresAt = new Date(detail.expiresAt as string);
    expect(expiresAt.toISOString()).toBe(
      addDuration(issuedAt, parseDuration('P1Y')!).toISOString(),
    );

    const response = await app.raw(
      { query: 'query($id: ID!) { credential(id: $id) { openBadge } }', variables: { id } },
      { authorization: `Bearer ${app.adminToken}` },
    );
    const badge = (response.data as { credential: { openBadge: Json } }).credential.openBadge;
    expect(badge.validUntil).toBe(expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const subject = badge.credentialSubject as { achievement: Json; result: Json[] };
    const descriptions = subject.achievement.resultDescription as Json[];
    expect(
      descriptions.map(({ name, requiredValue, resultType }) => ({
        name,
        requiredValue,
        resultType,
      })),
    ).toEqual([
      { name: 'Overall grade', requiredValue: '60', resultType: 'Percent' },
      { name: 'Exam grade', requiredValue: '80', resultType: 'Percent' },
    ]);
    expect(subject.result).toEqual([
      { type: ['Result'], resultDescription: descriptions[0].id, value: '89' },
      { type: ['Result'], resultDescription: descriptions[1].id, value: '95' },
    ]);

    const loader = createDocumentLoader(undefined, fetchedLists(app));
    const now = await verifyOpenBadge(badge, loader);
    expect(now).toMatchObject({ verified: true, expired: false, errors: [] });
    const later = await verifyOpenBadge(badge, loader, new Date(expiresAt.getTime() + 86_400_000));
    expect(later).toMatchObject({ verified: false, signatureValid: true, expired: true });
  });

  it('refuses a validFor that is not a positive ISO-8601 duration, and removes it with null', async () => {
    const { configuration } = await gradedCourse(null);
    for (const validFor of ['P0D', 'one year', 'P200Y']) {
      const response = await app.gql(
        UpdateConfigurationDocument,
        { id: configuration.id, input: { validFor } },
        app.adminToken,
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors?.[0].extensions)).toContain('validFor');
    }
    const set = await ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: configuration.id, input: { validFor: 'P90D' } },
        app.adminToken,
      ),
    );
    expect(set.updateCredentialConfiguration.validFor).toBe('P90D');
    const cleared = await ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: configuration.id, input: { validFor: null } },
        app.adminToken,
      ),
    );
    expect(cleared.updateCredentialConfiguration.validFor).toBeNull();
  });
});
