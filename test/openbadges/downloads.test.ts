import {
  CredentialBadgeUrlsDocument,
  RevokeCredentialDocument,
  SetCredentialVisibilityDocument,
} from '../operations/generated';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ok } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { FAST_JOBS } from '../issuance/helpers';
import {
  createDocumentLoader,
  extractBakedCredential,
  verifyOpenBadge,
} from '../../src/modules/openbadges/core';
import { decodePng, download, issued, type Issued } from './badge-helpers';
import { siteOf } from '../issuers/helpers';
import { fetchedLists } from './helpers';

/**
 * The Open Badge files of a credential through a running Laurel: JSON, baked PNG and SVG,
 * who may fetch them, and the credential's own id URL. The issuer is a did:key (the local
 * default), which a verifier resolves from the identifier alone.
 */
/** Set once the app runs: a verifier with the bundled contexts and the lists it fetched. */
let loader = createDocumentLoader();
type Json = Record<string, unknown>;

async function verifiesBaked(bytes: Uint8Array): Promise<Json> {
  const baked = extractBakedCredential(bytes);
  expect(baked).not.toBeNull();
  const credential = JSON.parse(baked!) as Json;
  expect(await verifyOpenBadge(credential, loader)).toMatchObject({ verified: true, errors: [] });
  // One changed byte of the extracted JSON: the proof no longer holds.
  const changed = JSON.parse(baked!.replace('"validFrom":"2', '"validFrom":"1')) as Json;
  expect(changed.validFrom).not.toBe(credential.validFrom);
  expect(await verifyOpenBadge(changed, loader)).toMatchObject({ verified: false });
  return credential;
}

describe.each(['BADGE', 'CERTIFICATE'] as const)('Open Badge downloads of a %s', (kind) => {
  let app: TestApp;
  let credential: Issued;
  let learner: string;
  const learnerId = kind === 'BADGE' ? 'ada' : 'grace';
  beforeAll(async () => {
    app = await startTestApp({ ...FAST_JOBS });
    loader = createDocumentLoader(undefined, fetchedLists(app));
    credential = await issued(app, { kind, learnerId });
    learner = await app.token({ subject: learnerId });
  });
  afterAll(() => app.stop());

  it('gives the learner the signed JSON as an attachment, and it verifies offline', async () => {
    const file = await download(app, `/credentials/${credential.id}/open-badge.json`, learner);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^application\/vc\+ld\+json/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    const json = JSON.parse(file.text) as Json;
    expect(await verifyOpenBadge(json, loader)).toMatchObject({ verified: true });
    const achievement = (json.credentialSubject as { achievement: Json }).achievement;
    expect(achievement).toMatchObject({
      achievementType: kind === 'BADGE' ? 'Badge' : 'Certificate',
      image: {
        id: `${app.config.publicUrl}/achievements/${credential.configurationId}/image.png`,
        type: 'Image',
      },
    });
    // By its verification id too.
    const byVerificationId = await download(
      app,
      `/credentials/${credential.verificationId}/open-badge.json`,
      learner,
    );
    expect(JSON.parse(byVerificationId.text)).toEqual(json);
  });

  it('bakes the credential into a PNG that decodes, has the expected size and is not blank', async () => {
    const file = await download(app, `/credentials/${credential.id}/badge.png`, learner);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    const baked = await verifiesBaked(file.bytes);
    expect(baked.id).toBe(`${app.config.publicUrl}/credentials/${credential.verificationId}`);
    const image = await decodePng(file.bytes);
    if (kind === 'BADGE') {
      expect(image).toMatchObject({ width: 512, height: 512 });
    } else {
      // The first page of the A4 landscape PDF, 1000 pixels wide.
      expect(image.width).toBe(1000);
      expect(image.height).toBeGreaterThan(650);
      expect(image.height).toBeLessThan(760);
    }
    expect(image.colours).toBeGreaterThan(2);
  });

  it('bakes the credential into an SVG served with a script-blocking CSP', async () => {
    const file = await download(app, `/credentials/${credential.id}/badge.svg`, learner);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(file.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.text).toMatch(
      /^<svg[^>]+xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0"/,
    );
    await verifiesBaked(file.bytes);
    if (kind === 'CERTIFICATE') expect(file.text).toContain('href="data:image/png;base64,');
    else expect(file.text).toContain('Data Explorer');
  });

  it('refuses anonymous callers and other learners until the learner makes it public', async () => {
    const paths = ['open-badge.json', 'badge.png', 'badge.svg'].map(
      (file) => `/credentials/${credential.verificationId}/${file}`,
    );
    for (const path of paths) {
      expect((await download(app, path)).status).toBe(401);
      expect((await download(app, path, await app.token({ subject: 'mallory' }))).status).toBe(403);
      expect((await download(app, path, app.adminToken)).status).toBe(200);
    }
    await ok(
      app.gql(SetCredentialVisibilityDocument, { id: credential.id, public: true }, learner),
    );
    for (const path of paths) expect((await download(app, path)).status).toBe(200);
    await ok(
      app.gql(SetCredentialVisibilityDocument, { id: credential.id, public: false }, learner),
    );
    expect((await download(app, paths[0]!)).status).toBe(401);
  });

  it('gives absolute download URLs in GraphQL', async () => {
    const data = await ok(app.gql(CredentialBadgeUrlsDocument, { id: credential.id }, learner));
    const base = `${app.config.publicUrl}/credentials/${credential.verificationId}`;
    expect(data.credential).toMatchObject({
      openBadgeUrl: `${base}/open-badge.json`,
      badgePngUrl: `${base}/badge.png`,
      badgeSvgUrl: `${base}/badge.svg`,
    });
  });

  it('answers the credential id URL with JSON to JSON clients, else redirects to /verify', async () => {
    const path = `/credentials/${credential.verificationId}`;
    for (const accept of [
      'application/ld+json',
      'application/vc+ld+json',
      'application/json',
      'text/html;q=0.5, application/ld+json',
    ]) {
      const file = await download(app, path, learner, { accept });
      expect(file.status).toBe(200);
      expect(await verifyOpenBadge(JSON.parse(file.text), loader)).toMatchObject({
        verified: true,
      });
    }
    for (const accept of ['text/html', '*/*', 'text/html, application/json;q=0.9']) {
      const file = await download(app, path, null, { accept });
      expect(file.status).toBe(302);
      expect(file.headers.get('location')).toBe(`/verify/${credential.verificationId}`);
    }
    expect((await download(app, path, null, { accept: 'application/ld+json' })).status).toBe(401);
    expect((await download(app, '/credentials/not-a-uuid', null)).status).toBe(404);
  });

  it("runs docs/open-badges.md's download commands as they are", async () => {
    const text = await fs.readFile('docs/open-badges.md', 'utf8');
    const block = /<!-- badge-downloads:start -->\s*```bash\n([\s\S]*?)```/.exec(text)![1]!;
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-badge-docs-'));
    try {
      // Asynchronously: Laurel answers from this very process.
      await promisify(execFile)('bash', ['-euc', block], {
        timeout: 60_000,
        cwd: folder,
        env: {
          ...process.env,
          LAUREL_URL: siteOf(app),
          TOKEN: learner,
          CREDENTIAL_ID: credential.verificationId,
        },
      });
      const json = JSON.parse(await fs.readFile(path.join(folder, 'badge.json'), 'utf8')) as Json;
      expect(await verifyOpenBadge(json, loader)).toMatchObject({ verified: true });
      for (const image of ['badge.png', 'badge.svg']) {
        await verifiesBaked(await fs.readFile(path.join(folder, image)));
      }
      const negotiated = await fs.readFile(path.join(folder, 'credential.json'), 'utf8');
      expect(JSON.parse(negotiated)).toEqual(json);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('answers 410 once the credential is revoked', async () => {
    await ok(
      app.gql(RevokeCredentialDocument, { id: credential.id, reason: 'test' }, app.adminToken),
    );
    for (const file of ['open-badge.json', 'badge.png', 'badge.svg']) {
      const answer = await download(app, `/credentials/${credential.id}/${file}`, learner);
      expect(answer.status).toBe(410);
    }
    const json = await download(app, `/credentials/${credential.verificationId}`, learner, {
      accept: 'application/ld+json',
    });
    expect(json.status).toBe(410);
  });
});
