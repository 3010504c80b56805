import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Timestamps } from '../../shared/timestamps';

function trigramIndex(column: string): string {
  return `create index "learner_search_${column}" on "learner" using gin ("${column}" gin_trgm_ops)`;
}

@ObjectType({
  description: 'A learner known to Laurel; the name is snapshotted onto each credential.',
})
@Entity({ tableName: 'learner' })
// Trigram indexes for learner search (migrations/Migration20261202050000_learner_search.ts).
@Index({ name: 'learner_search_id', expression: trigramIndex('id') })
@Index({ name: 'learner_search_name', expression: trigramIndex('name') })
@Index({ name: 'learner_search_username', expression: trigramIndex('username') })
@Index({ name: 'learner_search_email', expression: trigramIndex('email') })
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
