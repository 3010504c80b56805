import { ArgsType, Field, ID } from 'type-graphql';
import { Connection } from '../../shared/connection.type';
import { PageArgs } from '../../shared/page.args';
import { Learner } from './learner.entity';

@ArgsType()
export class LearnersArgs extends PageArgs {
  @Field({
    description:
      '2 to 100 characters: an id prefix, or part of a name or username (or, for admins, email), in any case.',
  })
  search!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only learners enrolled (now or before) in this course or learning path.',
  })
  contextId?: string | null;
}

export const LearnerConnection = Connection('Learner', Learner);
