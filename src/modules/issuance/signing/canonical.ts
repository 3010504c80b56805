/**
 * The canonical form of a credential's signed data: what the issuer signs and the verifier
 * re-creates from the stored snapshots. Any change to this format needs a new version
 * number, and verifiers must keep understanding the old ones.
 */

export const CANONICAL_VERSION = 1;

export interface CanonicalCredentialInput {
  verificationId: string;
  /** The learner's name as snapshotted onto the credential. */
  learnerName: string;
  /** The configuration's name as snapshotted ("Certificate of Achievement"). */
  credentialName: string;
  /** Course or learning path key. */
  contextId: string;
  contextTitle: string;
  issuedAt: Date;
  /** Hex SHA-256 of the PDF (either case; lower case in the output). */
  sha256: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Deterministic JSON of the credential data: keys sorted, no whitespace, `issuedAt` as an
 * ISO 8601 UTC timestamp with milliseconds, and `v: 1`. Only the fields above are read, so
 * passing a larger object (an entity row) gives the same result.
 */
export function canonicalCredentialData(input: CanonicalCredentialInput): string {
  const strings = {
    verificationId: input.verificationId,
    learnerName: input.learnerName,
    credentialName: input.credentialName,
    contextId: input.contextId,
    contextTitle: input.contextTitle,
  };
  for (const [field, value] of Object.entries(strings)) {
    if (typeof value !== 'string') {
      throw new TypeError(`canonicalCredentialData: ${field} must be a string`);
    }
  }
  if (!(input.issuedAt instanceof Date) || Number.isNaN(input.issuedAt.getTime())) {
    throw new TypeError('canonicalCredentialData: issuedAt must be a valid Date');
  }
  const sha256 = typeof input.sha256 === 'string' ? input.sha256.toLowerCase() : '';
  if (!SHA256_HEX.test(sha256)) {
    throw new TypeError('canonicalCredentialData: sha256 must be 64 hexadecimal characters');
  }
  return stableStringify({
    ...strings,
    issuedAt: input.issuedAt.toISOString(),
    sha256,
    v: CANONICAL_VERSION,
  });
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON.stringify with object keys sorted by UTF-16 code units at every level. */
export function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k]!)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('stableStringify: numbers must be finite');
  }
  return JSON.stringify(value);
}
