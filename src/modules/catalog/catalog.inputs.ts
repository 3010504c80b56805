import { Field, Float, ID, InputType } from 'type-graphql';

@InputType()
export class AssignmentTypeInput {
  @Field()
  assignmentType!: string;

  @Field(() => Float)
  weight!: number;
}

@InputType()
export class ContentBlockInput {
  @Field(() => ID)
  id!: string;

  @Field({ defaultValue: false })
  optional!: boolean;
}

@InputType()
export class GradedItemInput {
  @Field(() => ID)
  id!: string;

  @Field()
  assignmentType!: string;

  @Field(() => Float)
  possiblePoints!: number;
}

@InputType({
  description: "upsertCourse replaces the course's policy, blocks and items with these lists.",
})
export class CourseInput {
  @Field(() => ID, { description: 'Course key, e.g. course-v1:Org+Num+Run.' })
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag; default "en".' })
  language?: string | null;

  @Field(() => [AssignmentTypeInput])
  gradingPolicy!: AssignmentTypeInput[];

  @Field(() => [ContentBlockInput])
  blocks!: ContentBlockInput[];

  @Field(() => [GradedItemInput])
  gradedItems!: GradedItemInput[];
}

@InputType()
export class LearningPathInput {
  @Field(() => ID, { description: 'Path key, e.g. path-v1:Org+Num+Run+Group.' })
  id!: string;

  @Field()
  title!: string;

  @Field(() => [ID], { description: 'Ordered course ids.' })
  steps!: string[];
}
