import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';
import { Course } from './course.entity';

@ObjectType({ description: 'A graded subsection of a course.' })
@Entity({ tableName: 'graded_item' })
@Index({ properties: ['course', 'position'] })
export class GradedItem extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course!: Course;

  @Field()
  @Property({ type: 'text' })
  assignmentType!: string;

  @Field(() => Float)
  @Property({ columnType: 'double precision', type: 'double' })
  possiblePoints!: number;

  @Property({ type: 'integer' })
  position!: number;
}
