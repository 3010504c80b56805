/**
 * The ESM-only Verifiable Credential libraries, loaded once with `import()` from this
 * CommonJS project. They are loaded one after another: loading them concurrently under jest
 * failed (they share dependencies that are then evaluated twice).
 */
import type * as Vc from '@digitalbazaar/vc';
import type * as DataIntegrity from '@digitalbazaar/data-integrity';
import type * as Eddsa from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type * as Multikey from '@digitalbazaar/ed25519-multikey';
import type * as StatusList from '@digitalbazaar/vc-bitstring-status-list';

export interface VcLibraries {
  vc: typeof Vc;
  DataIntegrityProof: typeof DataIntegrity.DataIntegrityProof;
  cryptosuite: typeof Eddsa.cryptosuite;
  Ed25519Multikey: typeof Multikey;
  statusList: typeof StatusList;
}

let loading: Promise<VcLibraries> | undefined;

async function load(): Promise<VcLibraries> {
  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const statusList = await import('@digitalbazaar/vc-bitstring-status-list');
  return { vc, DataIntegrityProof, cryptosuite, Ed25519Multikey, statusList };
}

/** The libraries, loaded on first use; a failed load is retried on the next call. */
export function vcLibraries(): Promise<VcLibraries> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
