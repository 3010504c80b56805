/**
 * The issuer's decentralized identifier: `did:web` derived from `PUBLIC_URL` when Laurel is
 * reachable over HTTPS under a real host name, else `did:key` of the current key.
 */
import { parseEd25519PublicKeyMultibase } from './multibase';

export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  authentication: string[];
  assertionMethod: string[];
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Whether a `PUBLIC_URL` cannot carry a `did:web` (plain HTTP, or a local host name). */
export function isLocalUrl(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return (
    url.protocol !== 'https:' ||
    LOCAL_HOSTS.has(url.hostname) ||
    url.hostname.endsWith('.localhost')
  );
}

/**
 * `did:web:<host>[:<path>]` of a URL: the port's colon is percent-encoded and path
 * segments are joined with colons (the did:web method specification).
 */
export function didWebOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  return ['did:web', host, ...segments].join(':');
}

/** The URL path a `did:web` document of `publicUrl` is fetched from. */
export function didWebDocumentPath(publicUrl: string): string {
  const base = new URL(publicUrl).pathname.replace(/\/+$/, '');
  return base === '' ? '/.well-known/did.json' : `${base}/did.json`;
}

export function didKeyOf(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}`;
}

/** The issuer id for this `PUBLIC_URL` and current key. */
export function issuerDid(publicUrl: string, publicKeyMultibase: string): string {
  return isLocalUrl(publicUrl) ? didKeyOf(publicKeyMultibase) : didWebOf(publicUrl);
}

/** A DID document whose keys may all sign credentials (oldest first). */
export function didDocument(did: string, publicKeysMultibase: readonly string[]): DidDocument {
  const methods = publicKeysMultibase.map((publicKeyMultibase): VerificationMethod => ({
    id: `${did}#${publicKeyMultibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase,
  }));
  const ids = methods.map((method) => method.id);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: methods,
    authentication: ids,
    assertionMethod: ids,
  };
}

/** The document of a `did:key` holding an Ed25519 key; null for any other `did:key`. */
export function didKeyDocument(did: string): DidDocument | null {
  const multibase = did.slice('did:key:'.length);
  if (!did.startsWith('did:key:') || !parseEd25519PublicKeyMultibase(multibase)) return null;
  return didDocument(did, [multibase]);
}
