import {
  Args,
  ArgsType,
  Ctx,
  Field,
  ID,
  Resolver,
  Root,
  type SubscribeResolverData,
  Subscription,
} from 'type-graphql';
import type { Context } from '../../server/context';
import { notFound } from '../../shared/errors';
import { CredentialProgress, toCredentialProgress } from './credential-progress.type';
import type { ProgressChangedEvent } from './progress.live';

@ArgsType()
export class ProgressChangedArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'This learner only; absent = every learner the caller may see.',
  })
  learnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'At most one of courseId / learningPathId.' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true })
  learningPathId?: string | null;
}

@Resolver()
export class ProgressChangedResolver {
  @Subscription(() => CredentialProgress, {
    description:
      "A learner's new progress towards a configuration, after each committed recordProgress batch that changed it. Learners watch themselves, staff their courses and paths, admins everyone.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, ProgressChangedArgs, Context>) =>
      context.services.progressUpdates.watch(context.viewer, args),
  })
  async progressChanged(
    @Root() event: ProgressChangedEvent,
    @Args(() => ProgressChangedArgs) _args: ProgressChangedArgs,
    @Ctx() ctx: Context,
  ): Promise<CredentialProgress> {
    const configuration = await ctx.loaders.configuration.load(event.configurationId);
    if (!configuration) throw notFound('Credential configuration', event.configurationId);
    return toCredentialProgress(event.learnerId, configuration, event.evaluation);
  }
}
