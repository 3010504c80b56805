/**
 * W3C Bitstring Status List v1.0: the `credentialStatus` entry of a credential and the
 * `BitstringStatusListCredential` that publishes the bits.
 */
import { VC_V2_CONTEXT } from './document-loader';
import { vcLibraries } from './libraries';
import { dateTime, type JsonObject } from './open-badge';

/** Laurel publishes one purpose: a set bit means the credential was revoked or invalidated. */
export const STATUS_PURPOSE = 'revocation';
/** The specification's minimum, 16 KiB of bits: enough entries to hide one among them. */
export const STATUS_LIST_SIZE = 131_072;

/** Where a list is served (`GET /status-lists/:id`). */
export function statusListUrl(publicUrl: string, listId: string): string {
  return `${publicUrl}/status-lists/${listId}`;
}

/** A credential's place: which list, which bit. */
export interface StatusPosition {
  listId: string;
  index: number;
}

export function statusListEntry(publicUrl: string, position: StatusPosition): JsonObject {
  const listUrl = statusListUrl(publicUrl, position.listId);
  return {
    id: `${listUrl}#${position.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: STATUS_PURPOSE,
    statusListIndex: String(position.index),
    statusListCredential: listUrl,
  };
}

/** The bits as stored, with the first index in the most significant bit of the first byte. */
export function emptyBits(size: number): Buffer {
  if (!Number.isInteger(size) || size <= 0 || size % 8 !== 0) {
    throw new RangeError('A status list size is a positive multiple of 8');
  }
  return Buffer.alloc(size / 8);
}

/**
 * `bits` with `index` set (a copy), and whether it changed. Index 0 is the most significant
 * bit of the first byte, as the specification (and its library) reads them.
 */
export function withBitSet(bits: Uint8Array, index: number): { bits: Buffer; changed: boolean } {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`Status list index ${index} is out of range`);
  }
  const copy = Buffer.from(bits);
  const mask = 0x80 >> (index % 8);
  const byte = Math.floor(index / 8);
  const changed = (copy[byte]! & mask) === 0;
  copy[byte] = copy[byte]! | mask;
  return { bits: copy, changed };
}

/** The unsigned `BitstringStatusListCredential` of `bits`, issued by `issuerId`. */
export async function buildStatusListCredential(input: {
  publicUrl: string;
  listId: string;
  issuerId: string;
  bits: Uint8Array;
  validFrom: Date;
}): Promise<JsonObject> {
  const { statusList } = await vcLibraries();
  const list = new statusList.BitstringStatusList({ buffer: Uint8Array.from(input.bits) });
  const credential = await statusList.createCredential({
    id: statusListUrl(input.publicUrl, input.listId),
    list,
    statusPurpose: STATUS_PURPOSE,
    context: [VC_V2_CONTEXT],
  });
  return {
    '@context': credential['@context'],
    id: credential.id,
    type: credential.type,
    issuer: input.issuerId,
    validFrom: dateTime(input.validFrom),
    credentialSubject: credential.credentialSubject,
  };
}
