import { generateKeyPairSync } from 'node:crypto';
import { canonicalCredentialData, SigningKey } from '../../src/modules/issuance/signing';
import { VerifyCredentialDocument, type VerifyCredentialQuery } from '../operations/generated';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/app';
import {
  COURSE_ID,
  COURSE_TITLE,
  CONFIGURATION_NAME,
  CredentialSeeder,
  ISSUED_AT,
  PATH_TITLE,
  type SeededCredential,
  siteOf,
} from './helpers';

type Verification = VerifyCredentialQuery['verifyCredential'];

const NOT_FOUND: Verification = {
  status: 'NOT_FOUND',
  learnerName: null,
  credentialName: null,
  contextTitle: null,
  issuedAt: null,
  reason: null,
  sha256: null,
  signatureValid: null,
  downloadUrl: null,
};

let app: TestApp;
let seeder: CredentialSeeder;
beforeAll(async () => {
  app = await startTestApp({ VERIFY_RATE_LIMIT: '100000' });
  seeder = new CredentialSeeder(app);
  await seeder.start();
});
afterAll(async () => {
  await seeder.stop();
  await app.stop();
});

/** verifyCredential without any token: the query is public. */
async function verify(verificationId: string): Promise<Verification> {
  const response = await app.gql(VerifyCredentialDocument, { verificationId }, null);
  expect(response.errors).toBeUndefined();
  return response.data!.verifyCredential;
}

describe('verifyCredential', () => {
  it('answers VALID with the snapshots, the sha256, a good signature and a public download', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Zoë Ångström' });
    expect(await verify(credential.verificationId)).toEqual({
      status: 'VALID',
      learnerName: 'Zoë Ångström',
      credentialName: CONFIGURATION_NAME,
      contextTitle: COURSE_TITLE,
      issuedAt: ISSUED_AT.toISOString(),
      reason: null,
      sha256: credential.sha256,
      signatureValid: true,
      downloadUrl: `${app.config.publicUrl}/verify/${credential.verificationId}/pdf`,
    });
  });

  it('signs a learning path credential over the path id', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE', context: 'path' });
    const result = await verify(credential.verificationId);
    expect(result).toMatchObject({
      status: 'VALID',
      contextTitle: PATH_TITLE,
      credentialName: `${CONFIGURATION_NAME} (track)`,
      signatureValid: true,
    });
  });

  it('accepts the verification ID in upper case', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE' });
    const result = await verify(credential.verificationId.toUpperCase());
    expect(result).toMatchObject({ status: 'VALID', signatureValid: true });
  });

  it('answers INVALIDATED with the reason, and neither the name nor anything of the file', async () => {
    const credential = await seeder.insert({ status: 'INVALIDATED', reason: 'Name corrected' });
    const result = await verify(credential.verificationId);
    expect(result).toEqual({
      ...NOT_FOUND,
      status: 'INVALIDATED',
      credentialName: CONFIGURATION_NAME,
      contextTitle: COURSE_TITLE,
      issuedAt: ISSUED_AT.toISOString(),
      reason: 'Name corrected',
    });
    expect(JSON.stringify(result)).not.toContain(credential.learnerName);
  });

  it('answers REVOKED with the reason', async () => {
    const credential = await seeder.insert({ status: 'REVOKED', reason: 'Academic misconduct' });
    expect(await verify(credential.verificationId)).toEqual({
      ...NOT_FOUND,
      status: 'REVOKED',
      credentialName: CONFIGURATION_NAME,
      contextTitle: COURSE_TITLE,
      issuedAt: ISSUED_AT.toISOString(),
      reason: 'Academic misconduct',
    });
  });

  it.each(['PENDING', 'GENERATING', 'ERROR'] as const)(
    'answers NOT_FOUND, with no name at all, for a %s credential',
    async (status) => {
      const credential = await seeder.insert({ status, learnerName: `Hidden ${status} Person` });
      const response = await app.gql(
        VerifyCredentialDocument,
        { verificationId: credential.verificationId },
        null,
      );
      expect(response.data?.verifyCredential).toEqual(NOT_FOUND);
      expect(JSON.stringify(response)).not.toContain('Hidden');
    },
  );

  it('answers NOT_FOUND for an unknown verification ID', async () => {
    expect(await verify('5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44')).toEqual(NOT_FOUND);
  });

  it.each([
    ['not a UUID', 'not-a-uuid'],
    ['empty', ''],
    ['SQL', "' or 1=1 --"],
    ['a UUID with extra text', '5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44x'],
    ['very long', 'a'.repeat(10_000)],
  ])('answers NOT_FOUND, not an error, for a malformed ID (%s)', async (_label, verificationId) => {
    expect(await verify(verificationId)).toEqual(NOT_FOUND);
  });

  it('answers NOT_FOUND for the private credential id', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE' });
    expect(await verify(credential.id)).toEqual(NOT_FOUND);
  });

  describe('signature', () => {
    let credential: SeededCredential;
    beforeEach(async () => {
      credential = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Ada Lovelace' });
    });

    it('is invalid once the learner name is changed in the database', async () => {
      await seeder.query(`update credential set learner_name = $1 where id = $2`, [
        'Ada Byron',
        credential.id,
      ]);
      expect(await verify(credential.verificationId)).toMatchObject({
        status: 'VALID',
        learnerName: 'Ada Byron',
        signatureValid: false,
      });
    });

    it.each([
      ['context_title', `'Another course'`],
      ['configuration_name', `'Honorary Doctorate'`],
      ['issued_at', `issued_at - interval '1 day'`],
      ['sha256', `repeat('0', 64)`],
      ['signature', `null`],
      ['signature', `'not a signature'`],
    ])('is invalid once %s is changed to %s', async (column, value) => {
      await seeder.query(`update credential set ${column} = ${value} where id = $1`, [
        credential.id,
      ]);
      expect(await verify(credential.verificationId)).toMatchObject({
        status: 'VALID',
        signatureValid: false,
      });
    });

    it("is invalid with a genuine signature of another credential's data", async () => {
      const other = await seeder.insert({ status: 'AVAILABLE' });
      await seeder.query(
        `update credential set signature = (select signature from credential where id = $1) where id = $2`,
        [other.id, credential.id],
      );
      expect(await verify(credential.verificationId)).toMatchObject({ signatureValid: false });
    });

    it('is invalid when another key signed the same data', async () => {
      const stranger = new SigningKey(generateKeyPairSync('ed25519').privateKey);
      const { rows } = await seeder.query(
        `select learner_name, configuration_name, context_title, issued_at, sha256
         from credential where id = $1`,
        [credential.id],
      );
      const row = rows[0] as Record<string, string> & { issued_at: Date };
      const signature = stranger.sign(
        canonicalCredentialData({
          verificationId: credential.verificationId,
          learnerName: row.learner_name,
          credentialName: row.configuration_name,
          contextId: COURSE_ID,
          contextTitle: row.context_title,
          issuedAt: row.issued_at,
          sha256: row.sha256,
        }),
      );
      await seeder.query(`update credential set signature = $1 where id = $2`, [
        signature,
        credential.id,
      ]);
      expect(await verify(credential.verificationId)).toMatchObject({ signatureValid: false });
    });
  });
});

describe('GET /verify/<verificationId>/pdf', () => {
  it('serves the PDF of a VALID credential to anyone', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE' });
    const response = await fetch(`${siteOf(app)}/verify/${credential.verificationId}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(credential.pdf);
  });

  it.each(['INVALIDATED', 'REVOKED', 'PENDING', 'ERROR'] as const)(
    'answers 404 for a %s credential, even with a file in storage',
    async (status) => {
      const credential = await seeder.insert({ status, withFile: true, reason: 'x' });
      const response = await fetch(`${siteOf(app)}/verify/${credential.verificationId}/pdf`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(credential.learnerName);
    },
  );

  it('answers 404 for an unknown or malformed ID and for a VALID credential whose file is gone', async () => {
    const gone = await seeder.insert({ status: 'AVAILABLE' });
    await seeder.query(`update credential set storage_key = $1 where id = $2`, [
      'credentials/missing.pdf',
      gone.id,
    ]);
    for (const id of ['5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44', 'nope', gone.verificationId]) {
      const response = await fetch(`${siteOf(app)}/verify/${id}/pdf`);
      expect(response.status).toBe(404);
    }
  });
});

describe('rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ VERIFY_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => limited.stop());

  const query = (headers: Record<string, string> = {}) =>
    limited.raw(
      {
        query: 'query ($id: ID!) { verifyCredential(verificationId: $id) { status } }',
        variables: { id: '5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44' },
      },
      headers,
    ) as Promise<GraphQLResponse<{ verifyCredential: { status: string } }>>;

  it('answers RATE_LIMITED with retryAfterSeconds past the budget, per client address', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 3; i += 1) {
      const ok = await query(client);
      expect(ok.errors).toBeUndefined();
      expect(ok.data?.verifyCredential.status).toBe('NOT_FOUND');
    }
    const refused = await query(client);
    expect(refused.data).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another address has a budget of its own.
    const other = await query({ 'x-forwarded-for': '198.51.100.20' });
    expect(other.errors).toBeUndefined();
  });

  it('counts every verifyCredential field of one request', async () => {
    const response = (await limited.raw(
      {
        query: `{ a: verifyCredential(verificationId: "x") { status }
                  b: verifyCredential(verificationId: "y") { status }
                  c: verifyCredential(verificationId: "z") { status }
                  d: verifyCredential(verificationId: "w") { status } }`,
      },
      { 'x-forwarded-for': '2001:db8:1:2::1' },
    )) as GraphQLResponse<unknown>;
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    const sameSubnet = await query({ 'x-forwarded-for': '2001:db8:1:2:ffff::9' });
    expect(sameSubnet.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('shares the budget between the query and the page', async () => {
    const client = { 'x-forwarded-for': '192.0.2.44' };
    const site = siteOf(limited);
    for (let i = 0; i < 3; i += 1) {
      const page = await fetch(`${site}/verify/5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44`, {
        headers: client,
      });
      expect(page.status).toBe(404);
    }
    expect((await query(client)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusted = await startTestApp({ VERIFY_RATE_LIMIT: '2' });
    try {
      const site = siteOf(untrusted);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(`${site}/verify/nope`, {
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await untrusted.stop();
    }
  });
});
