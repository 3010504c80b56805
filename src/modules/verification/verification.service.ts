import type { EntityManager } from '@mikro-orm/postgresql';
import { CredentialStatus } from '../credentials';
import { canonicalCredentialData, type CredentialSigner } from '../issuance';
import { type Clock, systemClock } from '../../shared/clock';
import { clientKey, RateLimitedError, type RateLimiter } from '../../shared/rate-limit';
import { VerificationStatus, type VerificationResult } from './verification.status';

/** What verification needs besides the database; shared by every request. */
export interface VerificationDeps {
  /** Checks the issuer's signatures; null leaves `signatureValid` null (unknown). */
  signer: Pick<CredentialSigner, 'verify'> | null;
  /** Budget per client address for `verifyCredential` and `/verify`; null = unlimited. */
  limiter: RateLimiter | null;
  /** PUBLIC_URL, for download links. */
  publicUrl: string;
  /** Whether `/verify/<verificationId>/pdf` serves files (storage is wired). */
  downloads: boolean;
}

/** The columns verification reads, joined with the configuration's context. */
interface CredentialRow {
  verification_id: string;
  status: string;
  learner_name: string;
  configuration_name: string;
  context_title: string;
  title_override: string | null;
  organization_name: string | null;
  organization_url: string | null;
  context_id: string | null;
  /** ISO 8601 UTC with milliseconds, the precision the signature covers. */
  issued_at: string | null;
  /** The driver hands timestamps over as text. */
  expires_at: string | Date | null;
  sha256: string | null;
  signature: string | null;
  reason: string | null;
  storage_key: string | null;
  locale: string;
}

const SELECT_BY_VERIFICATION_ID = `
  select c.verification_id, c.status, c.learner_name, c.configuration_name, c.context_title,
         coalesce(cc.course_id, cc.learning_path_id) as context_id,
         to_char(c.issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as issued_at,
         c.expires_at, c.sha256, c.signature, c.reason, c.storage_key, cc.title_override, cc.locale,
         coalesce(o.name, i.name) as organization_name, coalesce(o.url, i.url) as organization_url
  from credential c
  join credential_configuration cc on cc.id = c.configuration_id
  left join organization_profile i on i.key = 'instance'
  left join organization_profile o on o.key = case
    when cc.course_id is not null then 'course:' || cc.course_id
    else 'learning_path:' || cc.learning_path_id end
  where c.verification_id = ?`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A verification ID in canonical (lower-case) form, or null when it is not a UUID. */
export function parseVerificationId(raw: string): string | null {
  return typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : null;
}

export const NOT_FOUND_RESULT: Readonly<VerificationResult> = Object.freeze({
  status: VerificationStatus.NOT_FOUND,
  learnerName: null,
  credentialName: null,
  contextTitle: null,
  titleOverride: null,
  organizationName: null,
  organizationUrl: null,
  issuedAt: null,
  expiresAt: null,
  reason: null,
  sha256: null,
  signatureValid: null,
  downloadUrl: null,
});

/**
 * Public verification of a credential by its verification ID (DESIGN §5). Only issued
 * credentials are visible: PENDING, GENERATING and ERROR read as NOT_FOUND. Withdrawn ones
 * (INVALIDATED, REVOKED) say so with the reason, the credential and its context, but neither
 * the learner's name (it may be the very thing that was corrected) nor anything of the file.
 */
export class VerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: VerificationDeps,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Counts one verification for the client at `address`; throws `RateLimitedError` past the budget. */
  async enforceRateLimit(address: string | null | undefined): Promise<void> {
    const decision = await this.deps.limiter?.hit(clientKey(address));
    if (decision && !decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }

  async verify(verificationId: string): Promise<VerificationResult> {
    const row = await this.find(verificationId);
    if (row === null) return { ...NOT_FOUND_RESULT };
    const status = this.statusOf(row);
    switch (status) {
      case VerificationStatus.NOT_FOUND:
        return { ...NOT_FOUND_RESULT };
      case VerificationStatus.EXPIRED:
      case VerificationStatus.VALID:
        return {
          status,
          learnerName: row.learner_name,
          credentialName: row.configuration_name,
          contextTitle: row.context_title,
          ...issuerOf(row),
          issuedAt: dateOf(row.issued_at),
          expiresAt: expiryOf(row),
          reason: null,
          sha256: row.sha256?.toLowerCase() ?? null,
          signatureValid: this.signatureValid(row),
          // An expired credential's file is its learner's, no longer offered to everyone.
          downloadUrl:
            status === VerificationStatus.VALID && this.deps.downloads && row.storage_key !== null
              ? `${this.deps.publicUrl}/verify/${row.verification_id}/pdf`
              : null,
          locale: row.locale,
        };
      case VerificationStatus.INVALIDATED:
      case VerificationStatus.REVOKED:
        return {
          ...NOT_FOUND_RESULT,
          status,
          credentialName: row.configuration_name,
          contextTitle: row.context_title,
          ...issuerOf(row),
          issuedAt: dateOf(row.issued_at),
          expiresAt: null,
          reason: row.reason,
          locale: row.locale,
        };
    }
  }

  /** The storage key of a VALID credential's PDF, or null (any other status, or no file). */
  async downloadKey(verificationId: string): Promise<string | null> {
    const row = await this.find(verificationId);
    if (row === null || this.statusOf(row) !== VerificationStatus.VALID) return null;
    return row.storage_key;
  }

  private async find(verificationId: string): Promise<CredentialRow | null> {
    const id = parseVerificationId(verificationId);
    if (id === null) return null;
    const rows = await this.em
      .getConnection()
      .execute<CredentialRow[]>(SELECT_BY_VERIFICATION_ID, [id]);
    return rows[0] ?? null;
  }

  /** An AVAILABLE credential past its expiry reads EXPIRED before the sweep marks it. */
  private statusOf(row: CredentialRow): VerificationStatus {
    const status = verificationStatusOf(row.status);
    const expiresAt = expiryOf(row);
    const lapsed = expiresAt !== null && expiresAt.getTime() <= this.clock.now().getTime();
    return status === VerificationStatus.VALID && lapsed ? VerificationStatus.EXPIRED : status;
  }

  private signatureValid(row: CredentialRow): boolean | null {
    if (this.deps.signer === null) return null;
    if (row.signature === null || row.sha256 === null || row.issued_at === null) return false;
    if (row.context_id === null) return false;
    let data: string;
    try {
      data = canonicalCredentialData({
        verificationId: row.verification_id,
        learnerName: row.learner_name,
        credentialName: row.configuration_name,
        contextId: row.context_id,
        contextTitle: row.context_title,
        issuedAt: dateOf(row.issued_at)!,
        sha256: row.sha256,
      });
    } catch {
      // Stored data that cannot even be put in canonical form was not signed as it stands.
      return false;
    }
    return this.deps.signer.verify(data, row.signature);
  }
}

const issuerOf = (row: CredentialRow) => ({
  titleOverride: row.title_override,
  organizationName: row.organization_name,
  organizationUrl: row.organization_url,
});

const dateOf = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

const expiryOf = (row: CredentialRow): Date | null =>
  row.expires_at === null ? null : new Date(row.expires_at);

/** The public status of a stored credential status; anything not issued is NOT_FOUND. */
function verificationStatusOf(status: string): VerificationStatus {
  switch (status as CredentialStatus) {
    case CredentialStatus.AVAILABLE:
      return VerificationStatus.VALID;
    case CredentialStatus.INVALIDATED:
      return VerificationStatus.INVALIDATED;
    case CredentialStatus.REVOKED:
      return VerificationStatus.REVOKED;
    case CredentialStatus.EXPIRED:
      return VerificationStatus.EXPIRED;
    case CredentialStatus.PENDING:
    case CredentialStatus.GENERATING:
    case CredentialStatus.ERROR:
      return VerificationStatus.NOT_FOUND;
    default:
      return VerificationStatus.NOT_FOUND;
  }
}
