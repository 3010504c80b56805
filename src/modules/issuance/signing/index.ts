export {
  CANONICAL_VERSION,
  canonicalCredentialData,
  stableStringify,
  type CanonicalCredentialInput,
} from './canonical';
export {
  SIGNING_KEY_FILE,
  SigningKey,
  keyIdOf,
  loadOrCreateSigningKey,
  signingKeyFromPem,
  verifyWithPublicKey,
  type CredentialSigner,
} from './signer';
