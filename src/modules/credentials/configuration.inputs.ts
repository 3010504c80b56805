import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { JSONScalar } from '../../shared/scalars';
import { RequirementKind } from '../eligibility';
import { CredentialKind } from './credential.enums';
import { SignatoryInput } from './signatory.type';

@InputType()
export class RequirementInput {
  @Field(() => RequirementKind)
  kind!: RequirementKind;

  @Field(() => Float, {
    nullable: true,
    description:
      'Threshold in [0, 1]: COMPLETION, GRADE and ASSIGNMENT_GRADE need it; the other kinds take none.',
  })
  min?: number | null;

  @Field(() => String, { nullable: true, description: 'ASSIGNMENT_GRADE only.' })
  assignmentType?: string | null;

  @Field({ defaultValue: false, description: 'COMPLETION only: count optional blocks too.' })
  includeOptional!: boolean;

  @Field(() => [String], {
    nullable: true,
    description: 'ENROLLMENT_TRACK only: the enrollment modes that qualify (case-insensitive).',
  })
  modes?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'DISCUSSION only: active posts (threads, responses, comments).',
  })
  minPosts?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'DISCUSSION only: distinct UTC days with an active post.',
  })
  minDistinctDays?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "DISCUSSION only: responses other learners gave to the learner's posts.",
  })
  minResponsesReceived?: number | null;

  @Field(() => [RequirementInput], {
    nullable: true,
    description: 'ALL_OF / ANY_OF only: the members of the group (at most 3 levels in all).',
  })
  requirements?: RequirementInput[] | null;
}

@InputType()
export class StepOverrideInput {
  @Field(() => ID)
  courseId!: string;

  @Field(() => [RequirementInput])
  requirements!: RequirementInput[];
}

@InputType()
export class CredentialConfigurationInput {
  @Field()
  name!: string;

  @Field(() => CredentialKind, { defaultValue: CredentialKind.CERTIFICATE })
  kind!: CredentialKind;

  @Field(() => ID, { nullable: true, description: 'Exactly one of courseId / learningPathId.' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true })
  learningPathId?: string | null;

  @Field(() => Int, { defaultValue: 0 })
  tier!: number;

  @Field(() => [RequirementInput])
  requirements!: RequirementInput[];

  @Field(() => [StepOverrideInput], { nullable: true })
  stepOverrides?: StepOverrideInput[] | null;

  @Field({ defaultValue: true })
  autoIssue!: boolean;

  @Field({ defaultValue: false })
  allowClaim!: boolean;

  @Field({ defaultValue: true })
  enabled!: boolean;

  @Field({ defaultValue: 'en' })
  locale!: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'PDF template; null = built-in default.',
  })
  template?: Record<string, unknown> | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "The built-in certificate's phrases in your own wording: ICU MessageFormat texts by message key; null = the catalog's.",
  })
  certificateMessages?: Record<string, unknown> | null;

  @Field(() => [SignatoryInput], { nullable: true, description: 'At most four.' })
  signatories?: SignatoryInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The course or path title printed instead of its own.',
  })
  titleOverride?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'How long a credential stays valid after issue (ISO-8601 duration: P2Y, P18M, P90D); null = it does not expire.',
  })
  validFor?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Course configurations: after it, learners in the audit mode are no longer issued; null = no cut-off.',
  })
  auditCutoffDate?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Slug of an uploaded SVG or PNG badge template; null = the generated default.',
  })
  badgeTemplateAssetId?: string | null;
}

@InputType({
  description:
    'Every field of CredentialConfigurationInput but the context; omitted fields keep their value.',
})
export class CredentialConfigurationPatch {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => CredentialKind, { nullable: true })
  kind?: CredentialKind | null;

  @Field(() => Int, { nullable: true })
  tier?: number | null;

  @Field(() => [RequirementInput], { nullable: true })
  requirements?: RequirementInput[] | null;

  @Field(() => [StepOverrideInput], { nullable: true })
  stepOverrides?: StepOverrideInput[] | null;

  @Field(() => Boolean, { nullable: true })
  autoIssue?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  allowClaim?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'null resets to the built-in default.' })
  template?: Record<string, unknown> | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "Replaces the overrides; null or {} returns to the catalog's wording.",
  })
  certificateMessages?: Record<string, unknown> | null;

  @Field(() => [SignatoryInput], {
    nullable: true,
    description: 'Replaces the list; at most four.',
  })
  signatories?: SignatoryInput[] | null;

  @Field(() => String, { nullable: true, description: 'null removes the override.' })
  titleOverride?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Applies to credentials issued from now on; null: they do not expire.',
  })
  validFor?: string | null;

  @Field(() => Date, { nullable: true, description: 'null removes the cut-off.' })
  auditCutoffDate?: Date | null;
  @Field(() => String, { nullable: true, description: 'null returns to the generated default.' })
  badgeTemplateAssetId?: string | null;
}
