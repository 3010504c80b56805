import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  canonicalCredentialData,
  type CanonicalCredentialInput,
} from '../../../src/modules/issuance/signing/canonical';
import {
  keyIdOf,
  loadOrCreateSigningKey,
  SIGNING_KEY_FILE,
  SigningKey,
  signingKeyFromPem,
  verifyWithPublicKey,
} from '../../../src/modules/issuance/signing/signer';

const credential: CanonicalCredentialInput = {
  verificationId: '3f0c1d9e-7a51-4c1e-9f0e-2b8d6f4a9c11',
  learnerName: 'Zoë Ångström',
  credentialName: 'Certificate of Achievement',
  contextId: 'course-v1:Org+Num+Run',
  contextTitle: 'Introduction to Everything',
  issuedAt: new Date('2026-11-23T10:15:30.000Z'),
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

function freshKey(): SigningKey {
  return new SigningKey(generateKeyPairSync('ed25519').privateKey);
}

describe('SigningKey', () => {
  const key = freshKey();
  const data = canonicalCredentialData(credential);

  it('signs and verifies a round trip with a base64url signature', () => {
    const signature = key.sign(data);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(key.verify(data, signature)).toBe(true);
    // Ed25519 is deterministic.
    expect(key.sign(data)).toBe(signature);
  });

  it.each(Object.keys(credential) as (keyof CanonicalCredentialInput)[])(
    'fails verification when %s is tampered with',
    (field) => {
      const signature = key.sign(data);
      const tampered: CanonicalCredentialInput = { ...credential };
      if (field === 'issuedAt') {
        tampered.issuedAt = new Date(credential.issuedAt.getTime() + 1000);
      } else if (field === 'sha256') {
        tampered.sha256 = `0${credential.sha256.slice(1)}`;
      } else {
        tampered[field] = `${credential[field]}x`;
      }
      expect(key.verify(canonicalCredentialData(tampered), signature)).toBe(false);
    },
  );

  it('fails verification for a tampered, truncated or malformed signature, without throwing', () => {
    const signature = key.sign(data);
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    expect(key.verify(data, signature.slice(0, 10) + flipped + signature.slice(11))).toBe(false);
    expect(key.verify(data, signature.slice(0, -2))).toBe(false);
    expect(key.verify(data, `${signature}==`)).toBe(false);
    expect(key.verify(data, '')).toBe(false);
    expect(key.verify(data, '!'.repeat(86))).toBe(false);
  });

  it("does not accept another key's signature", () => {
    expect(freshKey().verify(data, key.sign(data))).toBe(false);
  });

  it('publishes its public key and a short id derived from it', () => {
    expect(key.publicKeyPem()).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
    );
    expect(key.keyId()).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(key.publicKeyPem())).toBe(key.keyId());
    expect(freshKey().keyId()).not.toBe(key.keyId());
    expect(verifyWithPublicKey(key.publicKeyPem(), data, key.sign(data))).toBe(true);
    expect(verifyWithPublicKey(key.publicKeyPem(), `${data} `, key.sign(data))).toBe(false);
    expect(verifyWithPublicKey('not a key', data, key.sign(data))).toBe(false);
  });
});

describe('signingKeyFromPem', () => {
  const original = freshKey();
  const pem = original.privateKeyPem();

  it('loads a PKCS#8 Ed25519 PEM and signs like the original key', () => {
    const loaded = signingKeyFromPem(pem);
    expect(loaded.keyId()).toBe(original.keyId());
    expect(loaded.publicKeyPem()).toBe(original.publicKeyPem());
    expect(original.verify('hello', loaded.sign('hello'))).toBe(true);
  });

  it('accepts a PEM whose newlines were escaped as \\n in an environment variable', () => {
    const escaped = pem.trim().replace(/\n/g, '\\n');
    expect(escaped).not.toContain('\n');
    expect(signingKeyFromPem(escaped).keyId()).toBe(original.keyId());
  });

  it('rejects garbage, public keys and keys of other types without echoing the input', () => {
    expect(() => signingKeyFromPem('secret-garbage')).toThrow(/not a readable PEM/);
    try {
      signingKeyFromPem('secret-garbage');
    } catch (error) {
      expect(String(error)).not.toContain('secret-garbage');
    }
    expect(() => signingKeyFromPem(original.publicKeyPem())).toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => signingKeyFromPem(rsa)).toThrow(/rsa key; an Ed25519 key is needed/);
  });
});

describe('loadOrCreateSigningKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'laurel-signing-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key file with mode 0600 on first use and returns the same key afterwards', async () => {
    const keyDir = path.join(dir, 'home');
    const first = await loadOrCreateSigningKey(keyDir);
    const file = path.join(keyDir, SIGNING_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await readdir(keyDir)).toEqual([SIGNING_KEY_FILE]);

    const second = await loadOrCreateSigningKey(keyDir);
    expect(second.keyId()).toBe(first.keyId());
    const data = canonicalCredentialData(credential);
    expect(second.verify(data, first.sign(data))).toBe(true);
    expect(signingKeyFromPem(await readFile(file, 'utf8')).keyId()).toBe(first.keyId());
  });

  it('keeps an existing key file untouched, whatever its mode', async () => {
    const existing = freshKey();
    const file = path.join(dir, SIGNING_KEY_FILE);
    await writeFile(file, existing.privateKeyPem());
    await chmod(file, 0o640);
    const loaded = await loadOrCreateSigningKey(dir);
    expect(loaded.keyId()).toBe(existing.keyId());
    expect(await readFile(file, 'utf8')).toBe(existing.privateKeyPem());
  });

  it('converges on one key when several callers create it at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKey(dir)));
    expect(new Set(keys.map((k) => k.keyId())).size).toBe(1);
    expect(await readdir(dir)).toEqual([SIGNING_KEY_FILE]);
  });

  it('refuses to replace an unreadable key file', async () => {
    const file = path.join(dir, SIGNING_KEY_FILE);
    await writeFile(file, 'corrupted');
    await expect(loadOrCreateSigningKey(dir)).rejects.toThrow(/does not hold a usable Ed25519/);
    expect(await readFile(file, 'utf8')).toBe('corrupted');
  });
});
