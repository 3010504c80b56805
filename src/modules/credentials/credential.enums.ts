import { registerEnumType } from 'type-graphql';

export enum RequirementKind {
  COMPLETION = 'COMPLETION',
  GRADE = 'GRADE',
  ASSIGNMENT_GRADE = 'ASSIGNMENT_GRADE',
}

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

registerEnumType(RequirementKind, { name: 'RequirementKind' });
registerEnumType(CredentialKind, { name: 'CredentialKind' });
registerEnumType(CredentialStatus, { name: 'CredentialStatus' });

/** What happened to a credential (the `credentialEvents` subscription). */
export enum CredentialEventType {
  ISSUED = 'ISSUED',
  FAILED = 'FAILED',
  INVALIDATED = 'INVALIDATED',
  REVOKED = 'REVOKED',
}

registerEnumType(CredentialEventType, {
  name: 'CredentialEventType',
  valuesConfig: {
    ISSUED: { description: 'Generated and AVAILABLE.' },
    FAILED: { description: 'Generation failed for good (retries exhausted or not retryable).' },
    INVALIDATED: { description: 'Superseded by a re-issue.' },
    REVOKED: { description: 'Withdrawn.' },
  },
});
