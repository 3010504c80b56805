import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum DiscussionPostKind {
  THREAD = 'THREAD',
  RESPONSE = 'RESPONSE',
  COMMENT = 'COMMENT',
}
registerEnumType(DiscussionPostKind, {
  name: 'DiscussionPostKind',
  description: 'A new thread, a response to a thread, or a comment on a response.',
});

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
  description:
    'A learner wrote (or the platform changed) one discussion post. The latest fact sets its state; the earliest occurredAt seen is the day it counts for.',
})
export class DiscussionPostInput {
  @Field(() => ID, { description: 'The author.' })
  learnerId!: string;

  @Field(() => ID)
  courseId!: string;

  @Field(() => ID, { description: "The platform's id of the post." })
  postId!: string;

  @Field(() => DiscussionPostKind)
  kind!: DiscussionPostKind;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Deleted posts do not count. Absent keeps the stored state.',
  })
  deleted?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Posts flagged as abuse do not count. Absent keeps the stored state.',
  })
  flagged?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Responses the post has received, when the platform counts them. Absent keeps the stored count.',
  })
  responsesReceived?: number | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Responses and comments: the author of the post answered; it counts as a response received by them (not by oneself).',
  })
  parentAuthorId?: string | null;
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

  @Field(() => [DiscussionPostInput], { nullable: true })
  discussionPosts?: DiscussionPostInput[] | null;
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
