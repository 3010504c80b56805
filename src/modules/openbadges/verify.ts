/** Offline verification of any OB 3.0 / VC 2.0 credential with a Data Integrity proof. */
import type { DocumentLoader } from '@digitalbazaar/vc';
import { DocumentNotAvailableError } from './document-loader';
import { vcLibraries } from './libraries';

export interface OpenBadgeVerification {
  /** The signature holds and the credential is within its validity period. */
  verified: boolean;
  signatureValid: boolean;
  /** `validUntil` has passed. */
  expired: boolean;
  /** `validFrom` is still in the future. */
  notYetValid: boolean;
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
 * Checks the proof with `documentLoader` (which must not reach the network) and the
 * validity period against `now`. The signature is judged on its own: an expired
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

  const { vc, DataIntegrityProof, cryptosuite } = await vcLibraries();
  const result = await vc.verifyCredential({
    credential: structuredClone(document),
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    now: signatureTime,
  });
  const errors = new Set<string>();
  if (!result.verified) {
    messagesOf(result.error, errors);
    for (const inner of result.results ?? []) messagesOf(inner.error, errors);
    if (errors.size === 0) errors.add('The proof does not verify.');
  }
  if (expired) errors.add(`The credential expired on ${document.validUntil as string}.`);
  if (notYetValid) errors.add(`The credential is valid only from ${document.validFrom as string}.`);
  return {
    verified: result.verified && !expired && !notYetValid,
    signatureValid: result.verified,
    expired,
    notYetValid,
    issuer: issuerOf(document),
    errors: [...errors],
  };
}
