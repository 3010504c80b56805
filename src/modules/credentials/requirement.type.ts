import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import {
  RequirementKind,
  type Requirement as RuleRequirement,
  type StepOverride as RuleStepOverride,
} from '../eligibility';

@ObjectType({
  description:
    'One condition of a credential rule, or an ALL_OF / ANY_OF group of them; all of a configuration must be met.',
})
export class Requirement implements RuleRequirement {
  @Field(() => RequirementKind)
  kind!: RequirementKind;

  @Field(() => Float, {
    description:
      'Threshold in [0, 1], inclusive after rounding to 4 decimals; 1 for kinds without a threshold.',
  })
  min!: number;

  @Field(() => String, { nullable: true })
  assignmentType?: string | null;

  @Field(() => Boolean, { description: 'COMPLETION only: count optional blocks too.' })
  includeOptional?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'ENROLLMENT_TRACK only.' })
  modes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'DISCUSSION only.' })
  minPosts?: number | null;

  @Field(() => Int, { nullable: true, description: 'DISCUSSION only.' })
  minDistinctDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'DISCUSSION only; null = no minimum.' })
  minResponsesReceived?: number | null;

  @Field(() => [Requirement], {
    nullable: true,
    description: 'ALL_OF / ANY_OF only: the members of the group.',
  })
  requirements?: Requirement[] | null;
}

@ObjectType({ description: "Per-course requirements merged over a learning path's requirements." })
export class StepOverride implements RuleStepOverride {
  @Field(() => ID)
  courseId!: string;

  @Field(() => [Requirement])
  requirements!: Requirement[];
}
