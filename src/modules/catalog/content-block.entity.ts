import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';
import { Course } from './course.entity';

@ObjectType({
  description: 'A completable leaf of a course; counts towards completion unless optional.',
})
@Entity({ tableName: 'content_block' })
@Index({ properties: ['course', 'position'] })
export class ContentBlock extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course!: Course;

  @Field()
  @Property({ type: 'boolean', default: false })
  optional: boolean = false;

  @Property({ type: 'integer' })
  position!: number;
}
