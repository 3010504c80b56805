import { Field, InputType, ObjectType } from 'type-graphql';

/** The limits a signatory and a title override are checked against. */
export const MAX_SIGNATORIES = 4;
export const MAX_SIGNATORY_TEXT = 200;
export const MAX_TITLE_OVERRIDE = 300;

@ObjectType({ description: 'A person whose name and signature a certificate carries.' })
export class Signatory {
  @Field()
  name!: string;

  @Field({ description: 'Their position ("Dean of the Faculty").' })
  title!: string;

  @Field(() => String, { nullable: true })
  organization!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Slug of an uploaded PNG or JPEG of the signature (PUT /assets/<slug>).',
  })
  signatureAssetId!: string | null;
}

@InputType()
export class SignatoryInput {
  @Field()
  name!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  organization?: string | null;

  @Field(() => String, { nullable: true })
  signatureAssetId?: string | null;
}
