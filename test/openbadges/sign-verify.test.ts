import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {
  buildOpenBadge,
  createDocumentLoader,
  didDocument,
  DocumentNotAvailableError,
  didKeyOf,
  identityHash,
  issuerKeyFromPrivateKey,
  signOpenBadge,
  verifyOpenBadge,
  type JsonObject,
  type OpenBadgeInput,
} from '../../src/modules/openbadges/core';

const PUBLIC_URL = 'https://laurel.example.org';

function newKey() {
  return issuerKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

function input(issuerId: string, overrides: Partial<OpenBadgeInput> = {}): OpenBadgeInput {
  return {
    publicUrl: PUBLIC_URL,
    verificationId: '1b4e28ba-2fa1-4d3b-883f-0016d3cca427',
    issuedAt: new Date('2026-03-01T10:11:12.345Z'),
    issuer: { id: issuerId, name: 'Laurel' },
    learnerEmail: 'Ada@Example.org',
    achievement: {
      configurationId: '5c8a1d5b-0190-4a4b-9e6f-9c2a4c3e7a11',
      kind: 'CERTIFICATE',
      name: 'Certificate of Completion',
      description: 'Certificate of Completion for Introduction to Rust',
      criteriaNarrative: 'Earned in Introduction to Rust. Complete at least 80% of the content.',
    },
    pdfSha256: 'AB'.repeat(32),
    ...overrides,
  };
}

/** Makes every outgoing connection attempt fail (and counts it) while `run` runs. */
async function withoutNetwork<T>(run: () => Promise<T>): Promise<{ result: T; attempts: number }> {
  let attempts = 0;
  const refuse = () => {
    attempts += 1;
    throw new Error('network access is forbidden in this test');
  };
  const spies = [
    jest.spyOn(globalThis, 'fetch').mockImplementation(refuse),
    jest.spyOn(http, 'request').mockImplementation(refuse),
    jest.spyOn(http, 'get').mockImplementation(refuse),
    jest.spyOn(https, 'request').mockImplementation(refuse),
    jest.spyOn(https, 'get').mockImplementation(refuse),
    jest.spyOn(net, 'connect').mockImplementation(refuse),
    jest.spyOn(net, 'createConnection').mockImplementation(refuse),
  ];
  try {
    return { result: await run(), attempts };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('OpenBadgeCredential signing and verification', () => {
  const loader = createDocumentLoader();

  it('builds the OB 3.0 shape with absolute ids and a hashed e-mail', () => {
    const credential = buildOpenBadge(input('did:key:z6Mkexample'));
    expect(credential).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: `${PUBLIC_URL}/credentials/1b4e28ba-2fa1-4d3b-883f-0016d3cca427`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      validFrom: '2026-03-01T10:11:12Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: `${PUBLIC_URL}/achievements/5c8a1d5b-0190-4a4b-9e6f-9c2a4c3e7a11`,
          achievementType: 'Certificate',
        },
      },
    });
    const subject = credential.credentialSubject as { identifier: JsonObject[] };
    const [identity] = subject.identifier;
    expect(identity).toMatchObject({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
    });
    expect(identity!.identityHash).toBe(identityHash('ada@example.org', identity!.salt as string));
    expect(JSON.stringify(credential)).not.toMatch(/ada@example/i);
  });

  it('signs with did:key and verifies offline, with no network access at all', async () => {
    const key = newKey();
    const did = didKeyOf(key.publicKeyMultibase);
    const { result, attempts } = await withoutNetwork(async () => {
      const signed = await signOpenBadge(buildOpenBadge(input(did)), key, did, loader);
      return { signed, verification: await verifyOpenBadge(signed, loader) };
    });
    expect(attempts).toBe(0);
    expect(result.signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${did}#${key.publicKeyMultibase}`,
    });
    expect(result.verification).toEqual({
      verified: true,
      signatureValid: true,
      expired: false,
      notYetValid: false,
      revoked: false,
      statusChecked: false,
      issuer: did,
      errors: [],
    });
  });

  it('fails when one byte of the signed content changes', async () => {
    const key = newKey();
    const did = didKeyOf(key.publicKeyMultibase);
    const signed = await signOpenBadge(buildOpenBadge(input(did)), key, did, loader);
    const text = JSON.stringify(signed);
    const changed = JSON.parse(
      text.replace('Certificate of Completion', 'Certificate of Completioo'),
    );
    const verification = await verifyOpenBadge(changed, loader);
    expect(verification.verified).toBe(false);
    expect(verification.signatureValid).toBe(false);
    expect(verification.errors.join(' ')).toMatch(/signature/i);
  });

  it('fails when the proof claims another key', async () => {
    const key = newKey();
    const other = newKey();
    const did = didKeyOf(key.publicKeyMultibase);
    const signed = await signOpenBadge(buildOpenBadge(input(did)), other, did, loader);
    expect((await verifyOpenBadge(signed, loader)).verified).toBe(false);
  });

  it('reports an expired credential with its good signature', async () => {
    const key = newKey();
    const did = didKeyOf(key.publicKeyMultibase);
    const signed = await signOpenBadge(
      buildOpenBadge(input(did, { validUntil: new Date('2026-06-01T00:00:00Z') })),
      key,
      did,
      loader,
      new Date('2026-03-01T10:11:12Z'),
    );
    const later = await verifyOpenBadge(signed, loader, new Date('2027-01-01T00:00:00Z'));
    expect(later).toMatchObject({ verified: false, signatureValid: true, expired: true });
    expect(later.errors).toEqual(['The credential expired on 2026-06-01T00:00:00Z.']);
    const before = await verifyOpenBadge(signed, loader, new Date('2026-04-01T00:00:00Z'));
    expect(before).toMatchObject({ verified: true, expired: false });
  });

  it('resolves its own did:web, with old keys still listed, and nothing else', async () => {
    const oldKey = newKey();
    const newerKey = newKey();
    const did = 'did:web:laurel.example.org';
    const keys = [oldKey.publicKeyMultibase];
    const ownLoader = createDocumentLoader({
      id: did,
      document: async () => didDocument(did, keys),
    });
    const signedBefore = await signOpenBadge(buildOpenBadge(input(did)), oldKey, did, ownLoader);
    keys.push(newerKey.publicKeyMultibase);
    const signedAfter = await signOpenBadge(buildOpenBadge(input(did)), newerKey, did, ownLoader);
    expect((await verifyOpenBadge(signedBefore, ownLoader)).verified).toBe(true);
    expect((await verifyOpenBadge(signedAfter, ownLoader)).verified).toBe(true);

    // Another issuer's did:web is not fetched: it fails, saying why.
    const { result, attempts } = await withoutNetwork(() => verifyOpenBadge(signedAfter, loader));
    expect(attempts).toBe(0);
    expect(result.verified).toBe(false);
    expect(result.errors.join(' ')).toContain('did:web:laurel.example.org');
    expect(result.errors.join(' ')).toContain('not available offline');
  });

  it('throws for any URL outside the bundle instead of reaching the network', async () => {
    const { result, attempts } = await withoutNetwork(async () => {
      const outcomes = [];
      for (const url of [
        'https://www.w3.org/2018/credentials/examples/v1',
        'https://example.org/context.json',
        'did:web:example.org',
        'did:key:zNotAKey',
      ]) {
        outcomes.push(
          await loader(url).then(
            () => 'loaded',
            (error: unknown) => error,
          ),
        );
      }
      return outcomes;
    });
    expect(attempts).toBe(0);
    for (const outcome of result) expect(outcome).toBeInstanceOf(DocumentNotAvailableError);

    const key = newKey();
    const did = didKeyOf(key.publicKeyMultibase);
    const foreign = buildOpenBadge(input(did));
    (foreign['@context'] as string[]).push('https://example.org/context.json');
    const refused = await signOpenBadge(foreign, key, did, loader).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('https://example.org/context.json');
    const { details } = refused as { details?: { cause?: unknown } };
    expect(details?.cause).toBeInstanceOf(DocumentNotAvailableError);
  });
});
