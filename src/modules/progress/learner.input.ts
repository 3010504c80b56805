import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class LearnerInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Full name, printed on credentials.' })
  name!: string;

  @Field(() => String, { nullable: true })
  username?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;
}
