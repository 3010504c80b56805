import type { Messages } from '../../../shared/i18n';
import type { RenderAchievement } from './design-input';
import type { CredentialTemplate } from './template';

/** A person who signs the certificate (printed by templates that show signatories). */
export interface RenderSignatory {
  readonly name: string;
  readonly title: string;
  readonly organization: string | null;
  /** Slug of an uploaded PNG or JPEG. */
  readonly signatureAssetId: string | null;
}

/** The issuing organization and the people signing, as configured when it is rendered. */
export interface RenderIssuer {
  readonly organizationName: string | null;
  readonly organizationUrl: string | null;
  /** Slug of an uploaded PNG or JPEG. */
  readonly logoAssetId: string | null;
  readonly signatories: readonly RenderSignatory[];
}

export const NO_ISSUER: RenderIssuer = Object.freeze({
  organizationName: null,
  organizationUrl: null,
  logoAssetId: null,
  signatories: Object.freeze([]),
});

export interface RenderCredentialInput {
  readonly learnerName: string;
  readonly contextTitle: string;
  /** Printed instead of `contextTitle` when set (the configuration's shorter title). */
  readonly titleOverride?: string | null;
  /** Absent: no organization is printed. */
  readonly issuer?: RenderIssuer;
  readonly configurationName: string;
  readonly issuedAt: Date;
  /** When it expires (`{expiresOn}`, formatted like the issue date); absent or null = never. */
  readonly expiresAt?: Date | null;
  /** BCP 47; the issue date is formatted for it. */
  readonly locale: string;
  readonly verificationId: string;
  readonly verificationUrl: string;
  /** null: the built-in certificate. */
  readonly template: CredentialTemplate | null;
  /** The configuration's tier: 0 Completion, 1 Achievement, 2 and up Distinction. */
  readonly tier?: number;
  /** A badge has a look of its own; absent: a certificate. */
  readonly kind?: 'CERTIFICATE' | 'BADGE';
  /** What was completed; absent: a course. */
  readonly contextKind?: 'course' | 'path';
  /** What was achieved, from the rules' results at issue (the description line). */
  readonly achievement?: RenderAchievement | null;
  /** The configuration's own wording of the certificate's phrases (catalog keys). */
  readonly messages?: Messages;
  /** Bytes of an uploaded asset (template PDF or font) by slug. */
  readonly loadAsset: (slug: string) => Promise<Uint8Array>;
}
