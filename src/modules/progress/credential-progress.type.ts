import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { type Evaluation, RequirementKind } from '../eligibility';
import { CredentialConfiguration } from '../credentials';

@ObjectType({ description: 'One count of a requirement against its minimum.' })
export class RequirementCount {
  @Field({ description: 'What is counted: "posts", "active days", "responses received".' })
  label!: string;

  @Field(() => Int)
  current!: number;

  @Field(() => Int)
  required!: number;

  @Field()
  met!: boolean;
}

@ObjectType({ description: 'How far a learner is along one requirement in one course.' })
export class RequirementProgress {
  @Field(() => RequirementKind)
  kind!: RequirementKind;

  @Field(() => String, { nullable: true })
  assignmentType!: string | null;

  @Field(() => Float, { description: 'The threshold, rounded to 4 decimals.' })
  required!: number;

  @Field(() => Float, { description: 'The measured value, rounded to 4 decimals.' })
  current!: number;

  @Field()
  met!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is not met; null when it is.' })
  reason!: string | null;

  @Field(() => [RequirementCount], {
    nullable: true,
    description: 'DISCUSSION: each count against its minimum; null on other kinds.',
  })
  counts?: RequirementCount[] | null;

  @Field(() => [RequirementProgress], {
    nullable: true,
    description:
      "ALL_OF / ANY_OF: each member's progress (the group's current is the mean of its members' fractions for ALL_OF, the best member's for ANY_OF); null on other kinds.",
  })
  children?: RequirementProgress[] | null;
}

@ObjectType({ description: "One step of a learning path: its course's requirements." })
export class StepProgress {
  /** Resolved to `course` through the course DataLoader. */
  courseId!: string;

  @Field({ description: "The step's requirements are met (enrollment is not considered)." })
  eligible!: boolean;

  @Field(() => [RequirementProgress])
  requirements!: RequirementProgress[];
}

@ObjectType({ description: 'How close a learner is to one credential configuration.' })
export class CredentialProgress {
  @Field(() => CredentialConfiguration)
  configuration!: CredentialConfiguration;

  @Field(() => ID)
  learnerId!: string;

  @Field({ description: 'Enrolled and every requirement met (every step, for a path).' })
  eligible!: boolean;

  @Field({ description: 'Has an active enrollment in the course or path.' })
  enrolled!: boolean;

  @Field(() => Float, { description: 'Mean over requirements of min(1, current / required).' })
  progress!: number;

  @Field(() => [RequirementProgress], {
    description: "Every requirement; for a path, every step's in step order.",
  })
  requirements!: RequirementProgress[];

  @Field(() => [StepProgress], { nullable: true, description: 'Learning paths only.' })
  steps!: StepProgress[] | null;
}

/** The GraphQL shape of one evaluation; `credential` is resolved by the resolver. */
export function toCredentialProgress(
  learnerId: string,
  configuration: CredentialConfiguration,
  evaluation: Evaluation,
): CredentialProgress {
  return {
    configuration,
    learnerId,
    eligible: evaluation.eligible,
    enrolled: evaluation.enrolled,
    progress: evaluation.progress,
    requirements: evaluation.requirements as RequirementProgress[],
    steps: evaluation.steps as StepProgress[] | null,
  };
}
