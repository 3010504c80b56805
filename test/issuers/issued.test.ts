import {
  CredentialIssuersDocument,
  CredentialsDocument,
  SetCourseOrganizationProfileDocument,
  SetOrganizationProfileDocument,
  UpdateConfigurationIdentityDocument,
  VerifyIssuerDocument,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { readPdf } from '../issuance/pdf/pdf-reader';
import {
  type Course10,
  credential,
  courseWithConfiguration,
  FAST_JOBS,
  progress,
  reaches,
} from '../issuance/helpers';
import { ok } from '../progress/helpers';
import { siteOf } from './helpers';

/** The issuer identity where it shows: Credential.issuer, the verification page, the PDF. */
let app: TestApp;
const COURSES = 3;
const LEARNERS = ['i-1', 'i-2', 'i-3', 'i-4'];
const courses: Course10[] = [];
const TITLE_OVERRIDE = 'Cryptography I';
const ORGANIZATION = 'Laurel University';
const INTRO = 'We proudly certify that';

async function credentialIdsOf(course: Course10): Promise<string[]> {
  const data = await ok(
    app.gql(
      CredentialsDocument,
      { filter: { courseId: course.courseId }, first: 20 },
      app.adminToken,
    ),
  );
  return data.credentials.edges.map((edge) => edge.node.id);
}

beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
  await ok(
    app.gql(
      SetOrganizationProfileDocument,
      { input: { name: ORGANIZATION, url: 'https://laurel.example.edu' } },
      app.adminToken,
    ),
  );
  for (let i = 0; i < COURSES; i++) {
    const course = await courseWithConfiguration(app, LEARNERS);
    courses.push(course);
    if (i === 0) {
      await ok(
        app.gql(
          UpdateConfigurationIdentityDocument,
          {
            id: course.configurationId,
            input: {
              titleOverride: TITLE_OVERRIDE,
              signatories: [{ name: 'Ada Lovelace', title: 'Dean' }],
              certificateMessages: { intro: INTRO },
            },
          },
          app.adminToken,
        ),
      );
    } else {
      await ok(
        app.gql(
          SetCourseOrganizationProfileDocument,
          { courseId: course.courseId, input: { name: `Faculty ${i}` } },
          app.adminToken,
        ),
      );
    }
    await progress(app, course, LEARNERS, 10);
  }
  for (const course of courses) {
    for (const id of await credentialIdsOf(course)) await reaches(app, id, 'AVAILABLE');
  }
}, 120_000);
afterAll(() => app.stop());

it('Credential.issuer is the effective organization of its course', async () => {
  const data = await ok(app.gql(CredentialIssuersDocument, { first: 50 }, app.adminToken));
  const names = new Map<string, string | null>();
  for (const edge of data.credentials.edges) names.set(edge.node.id, edge.node.issuer.name);
  expect(names.size).toBe(COURSES * LEARNERS.length);
  for (const [i, course] of courses.entries()) {
    for (const id of await credentialIdsOf(course)) {
      expect(names.get(id)).toBe(i === 0 ? ORGANIZATION : `Faculty ${i}`);
    }
  }
});

it('a list of credentials with their issuers sends as many statements for 1 as for 12', async () => {
  const statementsFor = async (first: number): Promise<number> => {
    app.sql.length = 0;
    const data = await ok(app.gql(CredentialIssuersDocument, { first }, app.adminToken));
    expect(data.credentials.edges).toHaveLength(first);
    return app.sql.length;
  };
  const one = await statementsFor(1);
  const all = await statementsFor(COURSES * LEARNERS.length);
  expect(all).toBe(one);
  // The list, its count, the configurations, the profiles (and no more than a few besides).
  expect(all).toBeLessThanOrEqual(6);
});

describe('an issued credential', () => {
  it('prints the organization and the title override on the built-in certificate', async () => {
    const [id] = await credentialIdsOf(courses[0]);
    const response = await fetch(`${siteOf(app)}/credentials/${id}/pdf`, {
      headers: { authorization: `Bearer ${app.adminToken}` },
    });
    expect(response.status).toBe(200);
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    const text = pdf.pageText(1);
    expect(text).toContain(ORGANIZATION);
    expect(text).toContain(TITLE_OVERRIDE);
    // The signatory and the configuration's own wording of a phrase.
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain(INTRO);
    expect(text).not.toContain('This certifies that');
    // The course's own title is replaced, not printed beside the override.
    expect(text).not.toContain(courses[0].course.title);
    await pdf.destroy();
  });

  it('keeps the certificate wording unless a new one is valid', async () => {
    const update = (certificateMessages: unknown) =>
      app.gql(
        UpdateConfigurationIdentityDocument,
        { id: courses[0].configurationId, input: { certificateMessages } },
        app.adminToken,
      );
    for (const [bad, field] of [
      [{ nope: 'x' }, 'certificateMessages.nope'],
      [{ intro: 'Unclosed {' }, 'certificateMessages.intro'],
      [['intro'], 'certificateMessages'],
    ] as const) {
      const response = await update(bad);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const kept = await ok(update({ intro: INTRO }));
    expect(kept.updateCredentialConfiguration.certificateMessages).toEqual({ intro: INTRO });
  });

  it('shows its organization (linked) and title override on the verification page', async () => {
    const [id] = await credentialIdsOf(courses[0]);
    const { verificationId } = await credential(app, id);
    const verified = await ok(app.gql(VerifyIssuerDocument, { verificationId }));
    expect(verified.verifyCredential).toMatchObject({
      status: 'VALID',
      organizationName: ORGANIZATION,
      organizationUrl: 'https://laurel.example.edu',
      titleOverride: TITLE_OVERRIDE,
    });
    const page = await (await fetch(`${siteOf(app)}/verify/${verificationId}`)).text();
    expect(page).toMatch(
      /<a href="https:\/\/laurel\.example\.edu" rel="noopener noreferrer"><bdi dir="auto">Laurel University<\/bdi><\/a>/,
    );
    expect(page).toContain(`<bdi dir="auto">${TITLE_OVERRIDE}</bdi>`);
  });

  it('shows a course override of the organization on the verification page', async () => {
    const [id] = await credentialIdsOf(courses[1]);
    const { verificationId } = await credential(app, id);
    const page = await (await fetch(`${siteOf(app)}/verify/${verificationId}`)).text();
    expect(page).toContain('<bdi dir="auto">Faculty 1</bdi>');
    expect(page).not.toContain('Title on the certificate');
  });
});
