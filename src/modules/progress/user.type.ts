import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The platform's user, owned by another subgraph; Laurel contributes fields to it. */
@Directive('@key(fields: "id")')
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;
}
