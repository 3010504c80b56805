import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { VerificationStatus, type VerificationResult } from './verification.status';

registerEnumType(VerificationStatus, {
  name: 'VerificationStatus',
  description: 'The public standing of a credential.',
  valuesConfig: {
    VALID: { description: 'Issued and current.' },
    INVALIDATED: { description: 'Superseded by a re-issue; see `reason`.' },
    REVOKED: { description: 'Withdrawn; see `reason`.' },
    EXPIRED: { description: 'Issued, but its expiry date (`expiresAt`) has passed.' },
    NOT_FOUND: { description: 'No issued credential has this verification ID.' },
  },
});

@ObjectType({
  description:
    'What anyone may learn about a credential from its verification ID. Fields that do not apply to the status are null.',
})
export class Verification implements VerificationResult {
  @Field(() => VerificationStatus)
  status!: VerificationStatus;

  @Field(() => String, { nullable: true, description: 'VALID and EXPIRED only.' })
  learnerName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The credential configuration\'s name ("Certificate of Achievement").',
  })
  credentialName!: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the course or learning path.' })
  contextTitle!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The title the certificate prints instead of contextTitle, if configured.',
  })
  titleOverride!: string | null;

  @Field(() => String, { nullable: true, description: 'The issuing organization.' })
  organizationName!: string | null;

  @Field(() => String, { nullable: true, description: "The issuing organization's web site." })
  organizationUrl!: string | null;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it stops (or stopped) being valid; null = it does not expire.',
  })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was invalidated or revoked.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the PDF, hex (VALID only).' })
  sha256!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether the issuer's Ed25519 signature over the credential's data checks out (VALID only).",
  })
  signatureValid!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Public download of the PDF (VALID only).',
  })
  downloadUrl!: string | null;
}
