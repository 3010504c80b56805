import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';

@ObjectType({
  description: 'A learner known to Laurel; the name is snapshotted onto each credential.',
})
@Entity({ tableName: 'learner' })
export class Learner extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  username: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Shown to admins and the ingest account only; null for everyone else.',
  })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;
}
