import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';

@ObjectType({ description: "One assignment type of a course's grading policy." })
export class AssignmentType {
  @Field()
  assignmentType!: string;

  @Field(() => Float, { description: 'Share of the overall grade, 0..1.' })
  weight!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'A course (Open edX course key) with the facts its credentials are judged on.',
})
@Entity({ tableName: 'course' })
export class Course extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'BCP 47 language tag.' })
  @Property({ type: 'text', default: 'en' })
  language: string = 'en';

  @Field(() => [AssignmentType])
  @Property({ type: 'jsonb' })
  gradingPolicy: AssignmentType[] = [];
}
