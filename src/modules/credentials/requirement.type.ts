import { Field, Float, ID, ObjectType } from 'type-graphql';
import { RequirementKind } from './credential.enums';

@ObjectType({
  description: 'One condition of a credential rule; all of a configuration must be met.',
})
export class Requirement {
  @Field(() => RequirementKind)
  kind!: RequirementKind;

  @Field(() => Float, {
    description: 'Threshold in [0, 1], inclusive after rounding to 4 decimals.',
  })
  min!: number;

  @Field(() => String, { nullable: true })
  assignmentType?: string | null;

  @Field(() => Boolean, { description: 'COMPLETION only: count optional blocks too.' })
  includeOptional?: boolean | null;
}

@ObjectType({ description: "Per-course requirements merged over a learning path's requirements." })
export class StepOverride {
  @Field(() => ID)
  courseId!: string;

  @Field(() => [Requirement])
  requirements!: Requirement[];
}
