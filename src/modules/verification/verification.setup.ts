import type { Config } from '../../config';
import {
  type CredentialSigner,
  loadOrCreateSigningKey,
  signingKeyFromPem,
} from '../issuance/signing';
import { createStorage, type ObjectStorage } from '../issuance/storage';
import { FixedWindowRateLimiter } from './rate-limiter';
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
  provided: { signer?: CredentialSigner; storage?: ObjectStorage } = {},
): Promise<VerificationSetup> {
  const signer =
    provided.signer ??
    (config.signingKeyPem !== null
      ? signingKeyFromPem(config.signingKeyPem)
      : await loadOrCreateSigningKey(config.home));
  const ownStorage = provided.storage === undefined ? createStorage(config.storage) : null;
  const storage = provided.storage ?? ownStorage!;
  const limit = config.verification.rateLimitPerMinute;
  return {
    deps: {
      signer,
      limiter: limit > 0 ? new FixedWindowRateLimiter({ limit, windowMs: 60_000 }) : null,
      publicUrl: config.publicUrl,
      downloads: true,
    },
    storage,
    close: async () => {
      await ownStorage?.close?.();
    },
  };
}
