/** Offline verification of any OB 3.0 / VC 2.0 credential with a Data Integrity proof. */
import type { DocumentLoader } from '@digitalbazaar/vc';
import { DocumentNotAvailableError } from './document-loader';
import { vcLibraries, type VcLibraries } from './libraries';

type StatusListLibrary = VcLibraries['statusList'];

export interface OpenBadgeVerification {
  /** The signature holds, it is within its validity period, and its status list does not mark it. */
  verified: boolean;
  signatureValid: boolean;
  /** `validUntil` has passed. */
  expired: boolean;
  /** `validFrom` is still in the future. */
  notYetValid: boolean;
  /** Its status list says it was revoked (the list's bit for it is set). */
  revoked: boolean;
  /**
   * Its `credentialStatus` was checked against a status list whose own proof holds. False
   * when it has none, or when the list could not be had offline or did not verify: then it
   * is not `verified` either, and `errors` says why.
   */
  statusChecked: boolean;
  /** The issuer id the credential names, when it names one. */
  issuer: string | null;
  /** Why it does not verify, in plain words; empty when it does. */
  errors: string[];
}

/** The library allows this much clock difference; Laurel reports expiry the same way. */
const CLOCK_SKEW_MS = 300_000;

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function issuerOf(credential: Record<string, unknown>): string | null {
  const { issuer } = credential;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  return null;
}

/** Messages of an error and its causes/sub-errors, without duplicates. */
function messagesOf(error: unknown, into: Set<string>): void {
  if (!error || typeof error !== 'object') return;
  const { message, errors, cause, details } = error as {
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
    details?: unknown;
  };
  if (Array.isArray(errors) && errors.length > 0) {
    for (const inner of errors) messagesOf(inner, into);
  } else if (typeof message === 'string' && message.length > 0) {
    into.add(message);
  }
  if (cause) messagesOf(cause, into);
  const { event, cause: detailCause } = (details ?? {}) as {
    event?: { message?: unknown; details?: unknown };
    cause?: unknown;
  };
  if (detailCause instanceof DocumentNotAvailableError) into.add(detailCause.message);
  if (event && typeof event.message === 'string') {
    into.add(`${event.message} ${JSON.stringify(event.details ?? {})}`.slice(0, 400));
  }
}

/**
 * Each entry costs a status list read and its proof check: a credential signed by any
 * `did:key` could name hundreds.
 */
const MAX_STATUS_ENTRIES = 4;

interface StatusOutcome {
  checked: boolean;
  revoked: boolean;
  errors: string[];
}

function statusListUrlOf(credential: Record<string, unknown>): string {
  const statuses = [credential.credentialStatus].flat() as { statusListCredential?: unknown }[];
  const url = statuses.find((status) => typeof status?.statusListCredential === 'string');
  return (url?.statusListCredential as string | undefined) ?? 'its status list';
}

/** What the status list library found (a set bit is data, not a failure). */
function statusOutcome(
  credential: Record<string, unknown>,
  result: Awaited<ReturnType<StatusListLibrary['checkStatus']>>,
): StatusOutcome {
  if (!result.verified) {
    const messages = new Set<string>();
    messagesOf(result.error, messages);
    const unreachable = [...messages].some((message) => message.includes('not available offline'));
    const url = statusListUrlOf(credential);
    return {
      checked: false,
      revoked: false,
      errors: [
        unreachable
          ? `The credential's status could not be checked: ${url} is not available offline.`
          : `The credential's status could not be checked: ${[...messages].join('; ') || 'the status list does not verify'}.`,
      ],
    };
  }
  const set = (result.results ?? []).filter((entry) => entry.status);
  const revoked = set.some((entry) => entry.credentialStatus.statusPurpose === 'revocation');
  return {
    checked: true,
    revoked,
    errors: set.map(({ credentialStatus: { statusPurpose } }) =>
      statusPurpose === 'revocation'
        ? "The credential's status list marks it revoked."
        : `The credential's status list marks it for ${String(statusPurpose)}.`,
    ),
  };
}

/**
 * Checks the proof with `documentLoader` (which must not reach the network), the
 * validity period against `now`, and a `credentialStatus` against its status list (which
 * `documentLoader` must resolve). The signature is judged on its own: an expired
 * credential with a good signature reports `signatureValid: true, expired: true`.
 */
export async function verifyOpenBadge(
  credential: unknown,
  documentLoader: DocumentLoader,
  now: Date = new Date(),
): Promise<OpenBadgeVerification> {
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) {
    return {
      verified: false,
      signatureValid: false,
      expired: false,
      notYetValid: false,
      revoked: false,
      statusChecked: false,
      issuer: null,
      errors: ['The credential must be a JSON object.'],
    };
  }
  const document = credential as Record<string, unknown>;
  const validFrom = dateOf(document.validFrom);
  const validUntil = dateOf(document.validUntil);
  const expired = validUntil !== null && now.getTime() - validUntil.getTime() > CLOCK_SKEW_MS;
  const notYetValid = validFrom !== null && validFrom.getTime() - now.getTime() > CLOCK_SKEW_MS;
  // The library refuses expired credentials before looking at the proof: check the proof
  // as of a moment inside the validity period.
  const signatureTime = expired ? validUntil! : notYetValid ? validFrom! : now;

  const { vc, DataIntegrityProof, cryptosuite, statusList } = await vcLibraries();
  let status: StatusOutcome | null = null;
  const result = await vc.verifyCredential({
    credential: structuredClone(document),
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    now: signatureTime,
    // Called only once the proof holds. The outcome is kept apart from the signature's.
    checkStatus: async (options) => {
      const entries = [document.credentialStatus].flat().length;
      status =
        entries > MAX_STATUS_ENTRIES
          ? {
              checked: false,
              revoked: false,
              errors: [
                `The credential names ${entries} status entries; at most ${MAX_STATUS_ENTRIES} are checked.`,
              ],
            }
          : statusOutcome(document, await statusList.checkStatus(options));
      return { verified: true };
    },
  });
  const errors = new Set<string>();
  if (!result.verified) {
    messagesOf(result.error, errors);
    for (const inner of result.results ?? []) messagesOf(inner.error, errors);
    if (errors.size === 0) errors.add('The proof does not verify.');
  }
  if (expired) errors.add(`The credential expired on ${document.validUntil as string}.`);
  if (notYetValid) errors.add(`The credential is valid only from ${document.validFrom as string}.`);
  const checked = status as StatusOutcome | null;
  for (const error of checked?.errors ?? []) errors.add(error);
  const statusHolds = checked === null || (checked.checked && checked.errors.length === 0);
  return {
    verified: result.verified && !expired && !notYetValid && statusHolds,
    signatureValid: result.verified,
    expired,
    notYetValid,
    revoked: checked?.revoked ?? false,
    statusChecked: checked?.checked ?? false,
    issuer: issuerOf(document),
    errors: [...errors],
  };
}
