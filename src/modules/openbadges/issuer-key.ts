/**
 * The issuer's Ed25519 key in Multikey form. It is the same key material as the credential
 * signing key (SIGNING_KEY, or `signing-key.pem` under LAUREL_HOME), so one secret covers
 * both signatures and rotating it rotates both.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Ed25519Signer } from '@digitalbazaar/ed25519-multikey';
import { vcLibraries } from './libraries';
import { ed25519PublicKeyMultibase } from './multibase';

export interface IssuerKey {
  /** `z6Mk…`: the public key as published in DID documents. */
  publicKeyMultibase: string;
  /** A Data Integrity signer whose verification method is `<controller>#<publicKeyMultibase>`. */
  signer(controller: string): Promise<Ed25519Signer>;
}

/** The 32-byte seed and public key of an Ed25519 private key. */
function rawKeyPair(privateKey: KeyObject): { seed: Uint8Array; publicKey: Uint8Array } {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('The issuer key must be an Ed25519 private key');
  }
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
    throw new TypeError('The Ed25519 key did not export its raw parts');
  }
  return { seed: Buffer.from(jwk.d, 'base64url'), publicKey: Buffer.from(jwk.x, 'base64url') };
}

/** An issuer key from a 32-byte Ed25519 seed (the private key in its raw form). */
export function issuerKeyFromSeed(seed: Uint8Array): IssuerKey {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return issuerKeyFromPrivateKey(
    createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' }),
  );
}

export function issuerKeyFromPrivateKey(privateKey: KeyObject): IssuerKey {
  const { seed, publicKey } = rawKeyPair(privateKey);
  const publicKeyMultibase = ed25519PublicKeyMultibase(publicKey);
  return {
    publicKeyMultibase,
    async signer(controller: string) {
      const { Ed25519Multikey } = await vcLibraries();
      const keyPair = await Ed25519Multikey.generate({
        seed,
        controller,
        id: `${controller}#${publicKeyMultibase}`,
      });
      return keyPair.signer();
    },
  };
}

/** An issuer key from a PKCS#8 PEM (what `SigningKey.privateKeyPem()` gives). */
export function issuerKeyFromPem(pem: string): IssuerKey {
  return issuerKeyFromPrivateKey(createPrivateKey({ key: pem, format: 'pem' }));
}
