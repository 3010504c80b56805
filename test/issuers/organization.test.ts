import {
  ConfigurationIdentityDocument,
  CourseOrganizationDocument,
  LearningPathOrganizationDocument,
  OrganizationProfileDocument,
  SetCourseOrganizationProfileDocument,
  SetLearningPathOrganizationProfileDocument,
  SetOrganizationProfileDocument,
  UpdateConfigurationIdentityDocument,
  type OrganizationProfileInput,
  type SignatoryInput,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';
import { completion, createConfiguration, ok, upsertCourse, upsertPath } from '../progress/helpers';
import { errorsOf, PNG_1X1, siteOf, uploadAsset } from './helpers';

/** The organization profile, its overrides, signatories and title override: input and rights. */
let app: TestApp;
const COURSE = 'course-v1:Org+ID101+2026';
const OTHER_COURSE = 'course-v1:Org+ID102+2026';
const PATH = 'path-v1:Org+ID+2026+main';
let configurationId: string;

const INSTANCE: OrganizationProfileInput = {
  name: 'Laurel University',
  url: 'https://laurel.example.edu',
  email: 'registrar@laurel.example.edu',
  description: 'A university of the open web.',
  logoAssetId: 'logo-png',
};

beforeAll(async () => {
  app = await startTestApp({ RECONCILE_CRON: 'off' });
  await upsertCourse(app, courseInput(COURSE, { blocks: 2 }));
  await upsertCourse(app, courseInput(OTHER_COURSE, { blocks: 2 }));
  await upsertPath(app, PATH, [COURSE]);
  configurationId = await createConfiguration(app, {
    courseId: COURSE,
    requirements: [completion(0.5)],
  });
  await uploadAsset(app, 'logo-png', PNG_1X1);
  await uploadAsset(app, 'signature-png', PNG_1X1);
  // A PDF asset: it exists but is no image.
  const response = await fetch(`${siteOf(app)}/assets/not-an-image`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${app.adminToken}` },
    body: Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF',
    ),
  });
  expect([200, 201]).toContain(response.status);
});
afterAll(() => app.stop());

describe('PUT /assets/:slug with images', () => {
  it('stores a PNG and a JPEG as images and refuses a truncated PNG', async () => {
    const put = (slug: string, body: Uint8Array) =>
      fetch(`${siteOf(app)}/assets/${slug}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${app.adminToken}` },
        body: Buffer.from(body),
      });
    const png = await put('image-png', PNG_1X1);
    expect(png.status).toBe(201);
    expect(await png.json()).toMatchObject({ contentType: 'image/png' });
    const jpeg = await put('image-jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0xff, 0xd9]));
    expect(await jpeg.json()).toMatchObject({ contentType: 'image/jpeg' });
    const truncated = await put('image-cut', PNG_1X1.subarray(0, 20));
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', message: 'body: is not a readable PNG (it is truncated)' },
    });
  });
});

describe('setOrganizationProfile', () => {
  it('stores the instance profile for admins and answers it to any signed-in caller', async () => {
    const set = await ok(
      app.gql(SetOrganizationProfileDocument, { input: INSTANCE }, app.adminToken),
    );
    expect(set.setOrganizationProfile).toEqual(INSTANCE);
    const learner = await app.token({ subject: 'learner-1' });
    const read = await ok(app.gql(OrganizationProfileDocument, {}, learner));
    expect(read.organizationProfile).toEqual(INSTANCE);
  });

  it.each<[string, OrganizationProfileInput, string]>([
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
    ['a data: URL', { url: 'data:text/html,hi' }, 'url'],
    ['a relative URL', { url: '/about' }, 'url'],
    ['an e-mail without a domain', { email: 'registrar@' }, 'email'],
    ['an e-mail with a space', { email: 'a b@example.edu' }, 'email'],
    ['a name too long', { name: 'x'.repeat(201) }, 'name'],
    ['a description too long', { description: 'x'.repeat(2001) }, 'description'],
    ['a logo never uploaded', { logoAssetId: 'missing-logo' }, 'logoAssetId'],
    ['a logo that is a PDF', { logoAssetId: 'not-an-image' }, 'logoAssetId'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, input, field) => {
    const response = await app.gql(SetOrganizationProfileDocument, { input }, app.adminToken);
    expect(errorsOf(response)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
  });

  it('refuses text PostgreSQL cannot store', async () => {
    const response = await app.gql(
      SetOrganizationProfileDocument,
      { input: { name: 'Laurel\u0000' } },
      app.adminToken,
    );
    expect(errorsOf(response)).toEqual([{ code: 'BAD_USER_INPUT', field: 'name' }]);
  });

  it('is for admins only: course staff and learners are FORBIDDEN, no token UNAUTHENTICATED', async () => {
    const staff = await app.token({ subject: 'staff-1', staffCourses: [COURSE] });
    const learner = await app.token({ subject: 'learner-1' });
    for (const token of [staff, learner]) {
      const response = await app.gql(
        SetOrganizationProfileDocument,
        { input: { name: 'X' } },
        token,
      );
      expect(errorsOf(response)).toEqual([{ code: 'FORBIDDEN', field: undefined }]);
    }
    const anonymous = await app.gql(SetOrganizationProfileDocument, { input: { name: 'X' } });
    expect(errorsOf(anonymous)[0]?.code).toBe('UNAUTHENTICATED');
    const read = await ok(app.gql(OrganizationProfileDocument, {}, app.adminToken));
    expect(read.organizationProfile.name).toBe(INSTANCE.name);
  });
});

describe('course and learning path overrides', () => {
  it('replace only the fields they set, and clearing one restores the instance profile', async () => {
    const staff = await app.token({ subject: 'staff-1', staffCourses: [COURSE] });
    const set = await ok(
      app.gql(
        SetCourseOrganizationProfileDocument,
        {
          courseId: COURSE,
          input: { name: 'Faculty of Cryptography', url: 'http://crypto.example.edu' },
        },
        staff,
      ),
    );
    const overridden = {
      ...INSTANCE,
      name: 'Faculty of Cryptography',
      url: 'http://crypto.example.edu',
    };
    expect(set.setCourseOrganizationProfile).toEqual(overridden);
    const course = await ok(app.gql(CourseOrganizationDocument, { id: COURSE }, app.adminToken));
    expect(course.course?.organization).toEqual(overridden);
    // Another course keeps the instance profile.
    const other = await ok(
      app.gql(CourseOrganizationDocument, { id: OTHER_COURSE }, app.adminToken),
    );
    expect(other.course?.organization).toEqual(INSTANCE);

    const cleared = await ok(
      app.gql(SetCourseOrganizationProfileDocument, { courseId: COURSE, input: null }, staff),
    );
    expect(cleared.setCourseOrganizationProfile).toEqual(INSTANCE);
  });

  it('a path override applies to the path, not to its courses', async () => {
    const pathStaff = await app.token({ subject: 'staff-2', staffPaths: [PATH] });
    await ok(
      app.gql(
        SetLearningPathOrganizationProfileDocument,
        { learningPathId: PATH, input: { email: 'track@example.edu' } },
        pathStaff,
      ),
    );
    const path = await ok(app.gql(LearningPathOrganizationDocument, { id: PATH }, app.adminToken));
    expect(path.learningPath?.organization).toEqual({ ...INSTANCE, email: 'track@example.edu' });
    const course = await ok(app.gql(CourseOrganizationDocument, { id: COURSE }, app.adminToken));
    expect(course.course?.organization).toEqual(INSTANCE);
  });

  it('staff of another course or path, and learners, are FORBIDDEN', async () => {
    const otherStaff = await app.token({ subject: 'staff-3', staffCourses: [OTHER_COURSE] });
    const learner = await app.token({ subject: 'learner-1' });
    for (const token of [otherStaff, learner]) {
      const course = await app.gql(
        SetCourseOrganizationProfileDocument,
        { courseId: COURSE, input: { name: 'Hijack' } },
        token,
      );
      expect(errorsOf(course)).toEqual([{ code: 'FORBIDDEN', field: undefined }]);
      const path = await app.gql(
        SetLearningPathOrganizationProfileDocument,
        { learningPathId: PATH, input: { name: 'Hijack' } },
        token,
      );
      expect(errorsOf(path)).toEqual([{ code: 'FORBIDDEN', field: undefined }]);
    }
    const course = await ok(app.gql(CourseOrganizationDocument, { id: COURSE }, app.adminToken));
    expect(course.course?.organization?.name).toBe(INSTANCE.name);
  });

  it('an unknown course is NOT_FOUND; an invalid override is BAD_USER_INPUT', async () => {
    const missing = await app.gql(
      SetCourseOrganizationProfileDocument,
      { courseId: 'course-v1:Org+None+2026', input: { name: 'X' } },
      app.adminToken,
    );
    expect(errorsOf(missing)[0]?.code).toBe('NOT_FOUND');
    const invalid = await app.gql(
      SetCourseOrganizationProfileDocument,
      { courseId: COURSE, input: { url: 'ftp://example.edu' } },
      app.adminToken,
    );
    expect(errorsOf(invalid)).toEqual([{ code: 'BAD_USER_INPUT', field: 'url' }]);
  });
});

describe('signatories and title override of a configuration', () => {
  const signatory = (i: number): SignatoryInput => ({
    name: `Signer ${i}`,
    title: 'Dean',
    organization: 'Laurel University',
    signatureAssetId: 'signature-png',
  });

  it('are stored by course staff and read back in order', async () => {
    const staff = await app.token({ subject: 'staff-1', staffCourses: [COURSE] });
    const input = {
      titleOverride: '  Cryptography  ',
      signatories: [signatory(1), { name: 'Signer 2', title: 'Registrar' }],
    };
    const updated = await ok(
      app.gql(UpdateConfigurationIdentityDocument, { id: configurationId, input }, staff),
    );
    expect(updated.updateCredentialConfiguration).toEqual({
      id: configurationId,
      titleOverride: 'Cryptography',
      certificateMessages: {},
      signatories: [
        signatory(1),
        { name: 'Signer 2', title: 'Registrar', organization: null, signatureAssetId: null },
      ],
    });
    const read = await ok(app.gql(ConfigurationIdentityDocument, { id: configurationId }, staff));
    expect(read.credentialConfiguration).toEqual(updated.updateCredentialConfiguration);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['five signatories', { signatories: [1, 2, 3, 4, 5].map(signatory) }, 'signatories'],
    ['a blank name', { signatories: [{ name: ' ', title: 'Dean' }] }, 'signatories[0].name'],
    [
      'a title too long',
      { signatories: [{ name: 'A', title: 'x'.repeat(201) }] },
      'signatories[0].title',
    ],
    [
      'a signature never uploaded',
      { signatories: [signatory(1), { ...signatory(2), signatureAssetId: 'nope' }] },
      'signatories[1].signatureAssetId',
    ],
    [
      'a signature that is a PDF',
      { signatories: [{ ...signatory(1), signatureAssetId: 'not-an-image' }] },
      'signatories[0].signatureAssetId',
    ],
    ['a title override too long', { titleOverride: 'x'.repeat(301) }, 'titleOverride'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, input, field) => {
    const response = await app.gql(
      UpdateConfigurationIdentityDocument,
      { id: configurationId, input },
      app.adminToken,
    );
    expect(errorsOf(response)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    const read = await ok(
      app.gql(ConfigurationIdentityDocument, { id: configurationId }, app.adminToken),
    );
    expect(read.credentialConfiguration?.signatories).toHaveLength(2);
  });

  it('other staff and learners may not change them', async () => {
    const otherStaff = await app.token({ subject: 'staff-3', staffCourses: [OTHER_COURSE] });
    const learner = await app.token({ subject: 'learner-1' });
    for (const token of [otherStaff, learner]) {
      const response = await app.gql(
        UpdateConfigurationIdentityDocument,
        { id: configurationId, input: { titleOverride: 'Hijack' } },
        token,
      );
      expect(errorsOf(response)[0]?.code).toBe('FORBIDDEN');
    }
  });

  it('a null title override removes it', async () => {
    const updated = await ok(
      app.gql(
        UpdateConfigurationIdentityDocument,
        { id: configurationId, input: { titleOverride: null } },
        app.adminToken,
      ),
    );
    expect(updated.updateCredentialConfiguration.titleOverride).toBeNull();
  });
});
