import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'A learner enrolled in (or left) one course or one learning path.' })
export class EnrollmentInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID, { nullable: true, description: 'Exactly one of courseId / learningPathId.' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true })
  learningPathId?: string | null;

  @Field()
  active!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'The enrollment mode on the platform (Open edX: audit, verified, honor, …); courses only. Absent keeps the stored one.',
  })
  mode?: string | null;

  @Field(() => Date, {
    description: 'When it happened; an older fact never overwrites a newer one.',
  })
  occurredAt!: Date;
}

@InputType({ description: 'How far a learner completed one content block.' })
export class CompletionInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID)
  courseId!: string;

  @Field(() => ID)
  blockId!: string;

  @Field(() => Float, { description: 'In [0, 1].' })
  completion!: number;

  @Field(() => Date)
  occurredAt!: Date;
}

@InputType({ description: 'Points a learner earned on one graded item.' })
export class ScoreInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => ID)
  courseId!: string;

  @Field(() => ID)
  itemId!: string;

  @Field(() => Float, { description: "From 0 to the item's possible points." })
  earned!: number;

  @Field(() => Date)
  occurredAt!: Date;
}

@InputType({
  description: 'Facts from the learning platform; the whole batch is accepted or rejected.',
})
export class ProgressBatchInput {
  @Field(() => [EnrollmentInput], { nullable: true })
  enrollments?: EnrollmentInput[] | null;

  @Field(() => [CompletionInput], { nullable: true })
  completions?: CompletionInput[] | null;

  @Field(() => [ScoreInput], { nullable: true })
  scores?: ScoreInput[] | null;
}

@ObjectType()
export class ProgressBatchResult {
  @Field(() => Int, { description: 'Facts written (new, or newer than what was stored).' })
  accepted!: number;

  @Field(() => Int, {
    description: 'Facts not written: not newer than what was stored, or superseded in the batch.',
  })
  ignoredAsStale!: number;

  @Field(() => Int, { description: 'Learners with at least one accepted fact.' })
  affectedLearners!: number;
}
