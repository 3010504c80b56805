import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { canManage, requireIngest } from '../../shared/access';
import { toConnection } from '../../shared/connection.type';
import { LearnerContext, LearnerContextKind } from './learner-context';
import { LearnerInput } from './learner.input';
import { Learner } from './learner.entity';
import { LearnerConnection, LearnersArgs } from './learner-search.args';
import { searchLearners } from './learner-search';

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

  @Query(() => LearnerConnection, {
    description:
      'Finds learners, exact id, username or email matches first: admins search everyone, course and path staff the learners enrolled in what they manage.',
  })
  async learners(@Args(() => LearnersArgs) args: LearnersArgs, @Ctx() ctx: Context) {
    const page = await searchLearners(
      ctx.em,
      ctx.viewer,
      { search: args.search, contextId: args.contextId },
      args.toRequest(ctx.config.maxPageSize),
    );
    return toConnection(page, (learner) => page.positions.get(learner)!);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Shown to admins and the ingest account only; null for everyone else.',
  })
  email(@Root() learner: Learner, @Ctx() ctx: Context): string | null {
    return ctx.viewer?.isAdmin || ctx.viewer?.canIngest ? learner.email : null;
  }

  @FieldResolver(() => [LearnerContext], {
    description:
      'Courses and paths the learner is (or was) enrolled in, of those the viewer manages.',
  })
  async contexts(@Root() learner: Learner, @Ctx() ctx: Context): Promise<LearnerContext[]> {
    const viewer = ctx.viewer;
    if (!viewer) return [];
    const contexts = await ctx.loaders.learnerContexts.load(learner.id);
    return contexts.filter((context) =>
      canManage(
        viewer,
        context.kind === LearnerContextKind.COURSE
          ? { courseId: context.id }
          : { learningPathId: context.id },
      ),
    );
  }
}
