import { registerEnumType } from 'type-graphql';
import { CredentialEventType } from '../../shared/events';
import { RequirementKind } from '../eligibility';

export enum CredentialKind {
  CERTIFICATE = 'CERTIFICATE',
  BADGE = 'BADGE',
}

export enum CredentialStatus {
  PENDING = 'PENDING',
  GENERATING = 'GENERATING',
  AVAILABLE = 'AVAILABLE',
  ERROR = 'ERROR',
  INVALIDATED = 'INVALIDATED',
  REVOKED = 'REVOKED',
  /** Its `expiresAt` passed (its configuration's `validFor`); it may be renewed. */
  EXPIRED = 'EXPIRED',
}

/** Whether an expired credential is issued again, and on what (docs/rules.md "Expiry and renewal"). */
export enum RenewalMode {
  /** An expired credential stays expired; only an admin issues again. */
  NONE = 'NONE',
  /** Renewed once the learner meets the rules again on progress recorded since the renewal window opened. */
  REEARN = 'REEARN',
  /** Renewed at expiry while the learner still meets the rules. */
  AUTOMATIC = 'AUTOMATIC',
}

/** Statuses that count as "the learner holds (or is getting) this credential". */
export const LIVE_STATUSES: readonly CredentialStatus[] = [
  CredentialStatus.PENDING,
  CredentialStatus.GENERATING,
  CredentialStatus.AVAILABLE,
  CredentialStatus.ERROR,
];

/** Statuses of a credential its issuer withdrew. */
export const WITHDRAWN_STATUSES: readonly CredentialStatus[] = [
  CredentialStatus.INVALIDATED,
  CredentialStatus.REVOKED,
];

/**
 * Statuses as SQL literals (`'PENDING', 'ERROR'`), so SQL texts name statuses through this
 * enum. Only for these constants, never for input.
 */
export function sqlStatuses(...statuses: readonly CredentialStatus[]): string {
  return statuses.map((status) => `'${status}'`).join(', ');
}

registerEnumType(RequirementKind, { name: 'RequirementKind' });
registerEnumType(CredentialKind, { name: 'CredentialKind' });
registerEnumType(CredentialStatus, { name: 'CredentialStatus' });
registerEnumType(RenewalMode, {
  name: 'RenewalMode',
  description: 'What happens when a credential expires.',
});

registerEnumType(CredentialEventType, {
  name: 'CredentialEventType',
  valuesConfig: {
    ISSUED: { description: 'Generated and AVAILABLE.' },
    FAILED: { description: 'Generation failed for good (retries exhausted or not retryable).' },
    INVALIDATED: { description: 'Superseded by a re-issue.' },
    REVOKED: { description: 'Withdrawn.' },
    EXPIRED: { description: "Its expiry date passed (the configuration's validFor)." },
  },
});
