/**
 * Ed25519 signatures over credentials' canonical data (see `canonical.ts`).
 *
 * The private key comes either from a PEM in configuration (`signingKeyFromPem`) or from a
 * file the service creates on first start (`loadOrCreateSigningKey`). Each signature should
 * be stored with the signing key's `keyId()`, so keys can rotate while older credentials
 * stay verifiable with their own public key (`verifyWithPublicKey`).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import { link, mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SIGNING_KEY_FILE = 'signing-key.pem';
const KEY_FILE_MODE = 0o600;
/** An Ed25519 signature is 64 bytes: 86 base64url characters without padding. */
const SIGNATURE_BASE64URL = /^[A-Za-z0-9_-]{86}$/;

export interface CredentialSigner {
  /** Base64url (unpadded) Ed25519 signature of the UTF-8 bytes of `data`. */
  sign(data: string): string;
  /** Whether `signature` is this key's signature of `data`; never throws. */
  verify(data: string, signature: string): boolean;
  /** SPKI PEM of the public key, for publishing. */
  publicKeyPem(): string;
  /** First 16 hex characters of the SHA-256 of the public key (SPKI DER). */
  keyId(): string;
}

export class SigningKey implements CredentialSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly id: string;
  private readonly publicPem: string;

  constructor(privateKey: KeyObject) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new TypeError('SigningKey needs an Ed25519 private key');
    }
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.publicPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.id = keyIdOf(this.publicKey);
  }

  sign(data: string): string {
    return cryptoSign(null, Buffer.from(data, 'utf8'), this.privateKey).toString('base64url');
  }

  verify(data: string, signature: string): boolean {
    return verifyWith(this.publicKey, data, signature);
  }

  publicKeyPem(): string {
    return this.publicPem;
  }

  keyId(): string {
    return this.id;
  }

  /** PKCS#8 PEM of the private key, e.g. to move a generated key into configuration. */
  privateKeyPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}

/** `keyId()` of a public key given as a KeyObject or a PEM. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function verifyWith(publicKey: KeyObject, data: string, signature: string): boolean {
  if (typeof data !== 'string' || typeof signature !== 'string') return false;
  if (!SIGNATURE_BASE64URL.test(signature)) return false;
  try {
    return cryptoVerify(
      null,
      Buffer.from(data, 'utf8'),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** Verifies with a published (possibly retired) public key; false for any malformed input. */
export function verifyWithPublicKey(
  publicKeyPem: string,
  data: string,
  signature: string,
): boolean {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch {
    return false;
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  return verifyWith(publicKey, data, signature);
}

/**
 * A signing key from a PKCS#8 PEM, as held in an environment variable. Escaped newlines
 * (`\n` written as two characters, as some secret stores and `.env` files do) are accepted.
 * The error never repeats the key material.
 */
export function signingKeyFromPem(pem: string): SigningKey {
  const text = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text.trim(), format: 'pem' });
  } catch {
    throw new TypeError('The signing key is not a readable PEM private key (PKCS#8 Ed25519)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `The signing key is a ${key.asymmetricKeyType ?? 'unknown'} key; an Ed25519 key is needed`,
    );
  }
  return new SigningKey(key);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function readKeyFile(file: string): Promise<SigningKey | undefined> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return signingKeyFromPem(pem);
  } catch (error) {
    // Never replaced automatically: a new key would orphan every signature made so far.
    throw new Error(`${file} does not hold a usable Ed25519 private key; fix or remove it`, {
      cause: error,
    });
  }
}

/**
 * The key in `dir/signing-key.pem`, generated on first use (PKCS#8 PEM, mode 0600).
 * Several processes starting at once end up with the same key: the file is published with
 * an atomic create-if-absent (hard link of a complete temporary file), and a loser reads
 * the winner's key.
 */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const file = path.join(dir, SIGNING_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return existing;

  // Default directory mode: the folder may be shared with other parts of the data folder.
  await mkdir(dir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temp = path.join(dir, `.${SIGNING_KEY_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', KEY_FILE_MODE);
  try {
    await handle.writeFile(pem);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EEXIST') {
      // File systems without hard links: exclusive create, at the cost of a short window in
      // which a concurrent reader could see a partial file.
      await writeFile(file, pem, { mode: KEY_FILE_MODE, flag: 'wx' }).catch((e: unknown) => {
        if (errnoCode(e) !== 'EEXIST') throw e;
      });
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const key = await readKeyFile(file);
  if (key === undefined) throw new Error(`${file} vanished while it was being created`);
  return key;
}
