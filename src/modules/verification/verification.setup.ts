import type { Config } from '../../config';
import {
  type CredentialSigner,
  loadOrCreateSigningKey,
  signingKeyFromPem,
  createStorage,
  type ObjectStorage,
} from '../issuance';
import type { RateLimiter } from '../../shared/rate-limit';
import type { VerificationDeps } from './verification.service';

export interface VerificationSetup {
  deps: VerificationDeps;
  storage: ObjectStorage;
  /** Releases what this setup created itself (not what was passed in). */
  close(): Promise<void>;
}

/**
 * What public verification needs, for one process. The signer and the storage should be
 * the issuer's own instances; without them they are made from the same configuration the
 * issuer reads (SIGNING_KEY or the key file under LAUREL_HOME; STORAGE).
 */
export async function setUpVerification(
  config: Config,
  provided: {
    signer?: CredentialSigner;
    storage?: ObjectStorage;
    limiter?: RateLimiter | null;
  } = {},
): Promise<VerificationSetup> {
  const signer =
    provided.signer ??
    (config.signingKeyPem !== null
      ? signingKeyFromPem(config.signingKeyPem)
      : await loadOrCreateSigningKey(config.home));
  const ownStorage = provided.storage === undefined ? createStorage(config.storage) : null;
  const storage = provided.storage ?? ownStorage!;
  return {
    deps: {
      signer,
      limiter: provided.limiter ?? null,
      publicUrl: config.publicUrl,
      downloads: true,
    },
    storage,
    close: async () => {
      await ownStorage?.close?.();
    },
  };
}
