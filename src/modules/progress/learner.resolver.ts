import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireIngest } from '../../shared/access';
import { LearnerInput } from './learner.input';
import { Learner } from './learner.entity';

@Resolver(() => Learner)
export class LearnerResolver {
  @Mutation(() => Learner, { description: 'Creates or updates a learner (ingest role or admin).' })
  upsertLearner(
    @Arg('input', () => LearnerInput) input: LearnerInput,
    @Ctx() ctx: Context,
  ): Promise<Learner> {
    requireIngest(ctx.viewer);
    return ctx.services.learners.upsertLearner(input);
  }
}
