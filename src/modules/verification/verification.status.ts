/** What a public verification says about a verification ID (DESIGN §5). */
export enum VerificationStatus {
  /** Issued and current: the PDF may be checked against `sha256`. */
  VALID = 'VALID',
  /** Superseded by a re-issue. */
  INVALIDATED = 'INVALIDATED',
  /** Withdrawn. */
  REVOKED = 'REVOKED',
  /** Genuinely issued, but its expiry date has passed. */
  EXPIRED = 'EXPIRED',
  /** Unknown, malformed, or not issued yet (PENDING, GENERATING, ERROR). */
  NOT_FOUND = 'NOT_FOUND',
}

/** The public answer for one verification ID. Fields that do not apply are null. */
export interface VerificationResult {
  status: VerificationStatus;
  learnerName: string | null;
  credentialName: string | null;
  contextTitle: string | null;
  /** The shorter title the certificate prints instead of `contextTitle`, if configured. */
  titleOverride: string | null;
  /** The issuing organization (its course's or path's effective profile), if configured. */
  organizationName: string | null;
  organizationUrl: string | null;
  issuedAt: Date | null;
  /** When it stops (or stopped) being valid; null = never. */
  expiresAt: Date | null;
  reason: string | null;
  sha256: string | null;
  signatureValid: boolean | null;
  /** Public download of the PDF (VALID only, when storage is configured). */
  downloadUrl: string | null;
  /** The configuration's locale (BCP 47): what the pages speak unless the visitor chooses. */
  locale?: string | null;
}
