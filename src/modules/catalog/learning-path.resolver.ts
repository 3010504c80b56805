import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireViewer } from '../../shared/access';
import { Connection, toConnection } from '../../shared/connection.type';
import { loadAll } from '../../shared/dataloaders';
import { PageArgs } from '../../shared/page.args';
import { CredentialConfiguration } from '../credentials';
import { authorizeAddedSteps, authorizePathUpsert } from './catalog.access';
import { LearningPathInput } from './catalog.inputs';
import { Course } from './course.entity';
import { LearningPath } from './learning-path.entity';

const LearningPathConnection = Connection('LearningPath', LearningPath);

@Resolver(() => LearningPath)
export class LearningPathResolver {
  @Query(() => LearningPath, { nullable: true })
  async learningPath(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<LearningPath | null> {
    requireViewer(ctx.viewer);
    return ctx.loaders.learningPath.load(id);
  }

  @Query(() => LearningPathConnection)
  async learningPaths(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    requireViewer(ctx.viewer);
    const page = await ctx.services.catalog.listLearningPaths(
      args.toRequest(ctx.config.maxPageSize),
    );
    return toConnection(page, (path) => path.id);
  }

  @Mutation(() => LearningPath, {
    description: 'Creates or replaces a learning path and its ordered steps.',
  })
  async upsertLearningPath(
    @Arg('input', () => LearningPathInput) input: LearningPathInput,
    @Ctx() ctx: Context,
  ): Promise<LearningPath> {
    const viewer = authorizePathUpsert(ctx.viewer, input.id);
    return ctx.services.catalog.upsertLearningPath(input, (added) =>
      authorizeAddedSteps(viewer, added),
    );
  }

  @FieldResolver(() => [Course])
  async steps(@Root() path: LearningPath, @Ctx() ctx: Context): Promise<Course[]> {
    const steps = await ctx.loaders.stepsByPath.load(path.id);
    const courses = await loadAll(
      ctx.loaders.course,
      steps.map((s) => s.course.id),
    );
    return courses.filter((c): c is Course => c !== null);
  }

  @FieldResolver(() => [CredentialConfiguration])
  credentialConfigurations(
    @Root() path: LearningPath,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration[]> {
    return ctx.loaders.configurationsByPath.load(path.id);
  }
}
