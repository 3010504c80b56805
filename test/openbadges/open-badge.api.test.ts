import { generateKeyPairSync } from 'node:crypto';
import {
  IssueCredentialDocument,
  SetCourseOrganizationProfileDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import { ok } from '../progress/helpers';
import { fetchedLists } from './helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, FAST_JOBS, progress, reaches } from '../issuance/helpers';
import {
  createDocumentLoader,
  identityHash,
  verifyOpenBadge,
  type DidDocument,
} from '../../src/modules/openbadges/core';

/** Credential.openBadge, verifyOpenBadge and the did:web document, through a running Laurel. */
const PUBLIC_URL = 'https://laurel.example.test';
const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

type Json = Record<string, unknown>;

async function issued(app: TestApp, learnerId: string): Promise<{ id: string; courseId: string }> {
  const course = await courseWithConfiguration(app, [learnerId], {
    autoIssue: false,
    name: 'Certificate of Completion',
  });
  await ok(
    app.gql(
      UpsertLearnerDocument,
      { input: { id: learnerId, name: `Learner ${learnerId}`, email: `${learnerId}@example.org` } },
      app.ingestToken,
    ),
  );
  await progress(app, course, [learnerId], 9);
  const vars = { configurationId: course.configurationId, learnerId };
  const { id } = (await ok(app.gql(IssueCredentialDocument, vars, app.adminToken))).issueCredential;
  await reaches(app, id, 'AVAILABLE');
  return { id, courseId: course.courseId };
}

async function openBadge(app: TestApp, id: string, token: string | null): Promise<Json | null> {
  const response = await app.raw(
    { query: 'query($id: ID!) { credential(id: $id) { openBadge } }', variables: { id } },
    token ? { authorization: `Bearer ${token}` } : {},
  );
  expect(response.errors).toBeUndefined();
  const data = response.data as { credential: { openBadge: Json | null } | null };
  return data.credential?.openBadge ?? null;
}

async function verifyThrough(app: TestApp, credential: unknown): Promise<Json> {
  const response = await app.raw({
    query:
      'query($c: JSON!) { verifyOpenBadge(credential: $c) { verified signatureValid expired notYetValid issuer errors } }',
    variables: { c: credential },
  });
  expect(response.errors).toBeUndefined();
  return (response.data as { verifyOpenBadge: Json }).verifyOpenBadge;
}

async function didJson(app: TestApp): Promise<{ status: number; document: DidDocument }> {
  const response = await fetch(new URL('/.well-known/did.json', app.laurel.url));
  return { status: response.status, document: (await response.json()) as DidDocument };
}

/**
 * A verifier that knows nothing but the bundled contexts, the published DID document and
 * the status lists it fetched.
 */
function outsideVerifier(app: TestApp, document: DidDocument) {
  return createDocumentLoader(
    { id: document.id, document: async () => document },
    fetchedLists(app),
  );
}

describe('Open Badges 3.0 through the API (did:web)', () => {
  let app: TestApp;
  let credentialId: string;
  let courseId: string;
  beforeAll(async () => {
    app = await startTestApp({ ...FAST_JOBS, PUBLIC_URL, SIGNING_KEY: pem() });
    ({ id: credentialId, courseId } = await issued(app, 'ada'));
  });
  afterAll(() => app.stop());

  it('gives the learner, staff and admins the signed credential, and nobody else', async () => {
    const mine = await openBadge(app, credentialId, await app.token({ subject: 'ada' }));
    const staff = await app.token({ subject: 'staff', staffCourses: [courseId] });
    expect(await openBadge(app, credentialId, staff)).toEqual(mine);
    expect(await openBadge(app, credentialId, app.adminToken)).toEqual(mine);
    expect(await openBadge(app, credentialId, await app.token({ subject: 'bob' }))).toBeNull();

    expect(mine).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:web:laurel.example.test', type: ['Profile'], name: 'Laurel' },
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: { achievementType: 'Certificate', name: 'Certificate of Completion' },
      },
      proof: { cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' },
    });
    expect(mine!.id).toMatch(/^https:\/\/laurel\.example\.test\/credentials\/[0-9a-f-]{36}$/);
    const subject = mine!.credentialSubject as { identifier: Json[] };
    const salt = subject.identifier[0]!.salt as string;
    expect(subject.identifier[0]!.identityHash).toBe(identityHash('ada@example.org', salt));
    expect(JSON.stringify(mine)).not.toContain('ada@example.org');
    const narrative = (mine!.credentialSubject as { achievement: { criteria: Json } }).achievement
      .criteria.narrative;
    expect(narrative).toContain('Complete at least 80% of the required content.');
  });

  it('verifies offline with only the published did.json, and a changed byte fails', async () => {
    const badge = await openBadge(app, credentialId, app.adminToken);
    const { status, document } = await didJson(app);
    expect(status).toBe(200);
    expect(document.id).toBe('did:web:laurel.example.test');
    const loader = outsideVerifier(app, document);
    expect(await verifyOpenBadge(badge, loader)).toMatchObject({ verified: true, errors: [] });

    const changed = JSON.parse(JSON.stringify(badge).replace('"Laurel"', '"Laurei"'));
    expect(await verifyOpenBadge(changed, loader)).toMatchObject({
      verified: false,
      signatureValid: false,
    });
  });

  it('answers verifyOpenBadge without authentication', async () => {
    const badge = await openBadge(app, credentialId, app.adminToken);
    expect(await verifyThrough(app, badge)).toEqual({
      verified: true,
      signatureValid: true,
      expired: false,
      notYetValid: false,
      issuer: 'did:web:laurel.example.test',
      errors: [],
    });
    const changed = structuredClone(badge!) as { validFrom: string };
    // A year earlier: setting the seconds to :59 left a credential issued at :59 unchanged.
    changed.validFrom = changed.validFrom.replace(/^\d{4}/, (year) => String(Number(year) - 1));
    expect(changed.validFrom).not.toBe((badge as { validFrom: string }).validFrom);
    const result = await verifyThrough(app, changed);
    expect(result).toMatchObject({ verified: false, signatureValid: false });
    expect((result.errors as string[]).length).toBeGreaterThan(0);
    expect(await verifyThrough(app, 'not an object')).toMatchObject({
      verified: false,
      errors: ['The credential must be a JSON object.'],
    });
  });

  it("names the course's organization as the issuer profile, and still verifies offline", async () => {
    await ok(
      app.gql(
        SetCourseOrganizationProfileDocument,
        {
          courseId,
          input: {
            name: 'Example University',
            url: 'https://www.example.edu',
            email: 'registrar@example.edu',
          },
        },
        app.adminToken,
      ),
    );
    const badge = await openBadge(app, credentialId, app.adminToken);
    expect(badge!.issuer).toEqual({
      id: 'did:web:laurel.example.test',
      type: ['Profile'],
      name: 'Example University',
      url: 'https://www.example.edu',
      email: 'registrar@example.edu',
    });
    const { document } = await didJson(app);
    expect(await verifyOpenBadge(badge, outsideVerifier(app, document))).toMatchObject({
      verified: true,
    });
    await ok(
      app.gql(SetCourseOrganizationProfileDocument, { courseId, input: null }, app.adminToken),
    );
    expect((await openBadge(app, credentialId, app.adminToken))!.issuer).toMatchObject({
      name: 'Laurel',
    });
  });

  it('keeps the old key in did.json after a rotation: old and new credentials verify', async () => {
    const oldBadge = await openBadge(app, credentialId, app.adminToken);
    const rotated = await startTestApp(
      { ...FAST_JOBS, PUBLIC_URL, SIGNING_KEY: pem() },
      { databaseUrl: app.databaseUrl },
    );
    try {
      const { document } = await didJson(rotated);
      expect(document.verificationMethod).toHaveLength(2);
      expect(document.assertionMethod).toHaveLength(2);
      const newBadge = await openBadge(rotated, credentialId, rotated.adminToken);
      const oldMethod = (oldBadge!.proof as Json).verificationMethod;
      const newMethod = (newBadge!.proof as Json).verificationMethod;
      expect(newMethod).not.toBe(oldMethod);
      expect(document.assertionMethod).toEqual([oldMethod, newMethod]);

      const loader = outsideVerifier(rotated, document);
      expect((await verifyOpenBadge(oldBadge, loader)).verified).toBe(true);
      expect((await verifyOpenBadge(newBadge, loader)).verified).toBe(true);
      expect((await verifyThrough(rotated, oldBadge)).verified).toBe(true);
    } finally {
      await rotated.stop();
    }
  });
});

describe('Open Badges 3.0 on the local default (did:key)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(FAST_JOBS);
  });
  afterAll(() => app.stop());

  it('signs as a did:key that any verifier resolves offline, and serves no did.json', async () => {
    const { id } = await issued(app, 'kim');
    const badge = await openBadge(app, id, app.adminToken);
    const issuer = (badge!.issuer as Json).id as string;
    expect(issuer).toMatch(/^did:key:z6Mk/);
    expect((badge!.proof as Json).verificationMethod).toBe(`${issuer}#${issuer.slice(8)}`);
    expect(badge!.id).toBe(
      `${app.config.publicUrl}/credentials/${badge!.id!.toString().slice(-36)}`,
    );
    expect(
      await verifyOpenBadge(badge, createDocumentLoader(undefined, fetchedLists(app))),
    ).toMatchObject({ verified: true });
    expect((await didJson(app)).status).toBe(404);
  });
});
