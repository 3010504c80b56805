import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One learner of a what-if preview.' })
export class EligibilityPreviewLearner {
  @Field(() => ID)
  learnerId!: string;

  @Field({ description: 'Whether the learner would qualify now.' })
  qualifies!: boolean;

  @Field(() => Float, { description: 'Overall progress in [0, 1], as learnerProgress reports it.' })
  progress!: number;
}

@ObjectType({
  description:
    'Read-only what-if of a credential configuration: its actively enrolled learners evaluated now.',
})
export class EligibilityPreview {
  @Field(() => Int, { description: 'Learners actively enrolled in the course or path.' })
  enrolledLearners!: number;

  @Field(() => Int)
  qualifyingNow!: number;

  @Field(() => Int, {
    description: "Not qualifying but within 10 percentage points of the tier's overall progress.",
  })
  withinTenPercent!: number;

  /** Every evaluated learner, qualifying ones first, then by progress (highest first). */
  ranked!: EligibilityPreviewLearner[];
}
