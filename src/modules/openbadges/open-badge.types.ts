import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The outcome of checking an Open Badges 3.0 / VC 2.0 credential offline: its Data Integrity proof and its validity period.',
})
export class OpenBadgeVerificationResult {
  @Field({ description: 'The signature holds and the credential is within its validity period.' })
  verified!: boolean;

  @Field({ description: 'The proof verifies with a key its issuer lists for assertions.' })
  signatureValid!: boolean;

  @Field({ description: '`validUntil` has passed.' })
  expired!: boolean;

  @Field({ description: '`validFrom` is still in the future.' })
  notYetValid!: boolean;

  @Field(() => String, { nullable: true, description: 'The issuer id the credential names.' })
  issuer!: string | null;

  @Field(() => [String], { description: 'Why it does not verify, in plain words.' })
  errors!: string[];
}
