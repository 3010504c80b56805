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

registerEnumType(CredentialEventType, {
  name: 'CredentialEventType',
  valuesConfig: {
    ISSUED: { description: 'Generated and AVAILABLE.' },
    FAILED: { description: 'Generation failed for good (retries exhausted or not retryable).' },
    INVALIDATED: { description: 'Superseded by a re-issue.' },
    REVOKED: { description: 'Withdrawn.' },
  },
});
