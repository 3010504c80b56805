/** What an e-mail tells the learner. */
export enum EmailKind {
  ISSUED = 'ISSUED',
  EXPIRING = 'EXPIRING',
  REVOKED = 'REVOKED',
}

/**
 * PENDING (job queued) → SENDING (claimed by one attempt) → SENT; a refused attempt goes back
 * to PENDING and its job retries; FAILED after the last retry; SKIPPED when it cannot be sent
 * (no e-mail address).
 */
export enum EmailStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
