/** Multibase base58btc (`z…`) for Ed25519 public keys in Multikey form. */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint). */
const ED25519_PUB_PREFIX = [0xed, 0x01];

function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let text = '';
  while (value > 0n) {
    text = ALPHABET[Number(value % 58n)]! + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}

function base58Decode(text: string): Uint8Array | null {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** `z6Mk…` for a raw 32-byte Ed25519 public key. */
export function ed25519PublicKeyMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TypeError('An Ed25519 public key is 32 bytes');
  return `z${base58Encode(Uint8Array.from([...ED25519_PUB_PREFIX, ...publicKey]))}`;
}

/** The raw public key of a `z6Mk…` multibase, or null when it is not an Ed25519 key. */
export function parseEd25519PublicKeyMultibase(multibase: string): Uint8Array | null {
  if (typeof multibase !== 'string' || !multibase.startsWith('z') || multibase.length > 60) {
    return null;
  }
  const bytes = base58Decode(multibase.slice(1));
  if (!bytes || bytes.length !== 34) return null;
  if (bytes[0] !== ED25519_PUB_PREFIX[0] || bytes[1] !== ED25519_PUB_PREFIX[1]) return null;
  return bytes.slice(2);
}
