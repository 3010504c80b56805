import { Field, InputType, ObjectType } from 'type-graphql';

/** The fields a profile has; every one may be unset. */
export interface OrganizationFields {
  name: string | null;
  url: string | null;
  email: string | null;
  description: string | null;
  logoAssetId: string | null;
}

export const ORGANIZATION_FIELDS = ['name', 'url', 'email', 'description', 'logoAssetId'] as const;

@ObjectType({
  description:
    'The organization that issues credentials: the instance profile with any course or path override applied.',
})
export class OrganizationProfile implements OrganizationFields {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Its web site (http or https).' })
  url!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Slug of an uploaded PNG or JPEG logo (PUT /assets/<slug>).',
  })
  logoAssetId!: string | null;
}

@InputType({
  description:
    'An organization profile. For the instance it replaces the profile; for a course or path it replaces the override, whose omitted or null fields keep the instance value.',
})
export class OrganizationProfileInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  logoAssetId?: string | null;
}
