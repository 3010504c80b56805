import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An ordered sequence of courses.' })
@Entity({ tableName: 'learning_path' })
export class LearningPath extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;
}
