import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The outcome of checking an Open Badges 3.0 / VC 2.0 credential offline: its Data Integrity proof, its validity period and its status list.',
})
export class OpenBadgeVerificationResult {
  @Field({
    description:
      'The signature holds, the credential is within its validity period, and its status list (when it names one) was checked and does not mark it.',
  })
  verified!: boolean;

  @Field({ description: 'The proof verifies with a key its issuer lists for assertions.' })
  signatureValid!: boolean;

  @Field({ description: '`validUntil` has passed.' })
  expired!: boolean;

  @Field({ description: '`validFrom` is still in the future.' })
  notYetValid!: boolean;

  @Field({
    description: 'Its status list marks it revoked (or, for Laurel, invalidated by a re-issue).',
  })
  revoked!: boolean;

  @Field({
    description:
      "Its `credentialStatus` was checked against a status list whose own proof holds. False when it has none; false with `verified: false` when the list is not available offline (only this issuer's own lists are) or does not verify.",
  })
  statusChecked!: boolean;

  @Field(() => String, { nullable: true, description: 'The issuer id the credential names.' })
  issuer!: string | null;

  @Field(() => [String], { description: 'Why it does not verify, in plain words.' })
  errors!: string[];
}
