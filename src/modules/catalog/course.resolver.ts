import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireViewer } from '../../shared/access';
import { Connection, toConnection } from '../../shared/connection.type';
import { loadAll } from '../../shared/dataloaders';
import { PageArgs } from '../../shared/page.args';
import { CredentialConfiguration } from '../credentials';
import { CourseInput } from './catalog.inputs';
import { ContentBlock } from './content-block.entity';
import { Course } from './course.entity';
import { GradedItem } from './graded-item.entity';
import { LearningPath } from './learning-path.entity';
import { authorizeCourseUpsert } from './catalog.access';

const CourseConnection = Connection('Course', Course);

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => Course, { nullable: true })
  async course(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Course | null> {
    requireViewer(ctx.viewer);
    return ctx.loaders.course.load(id);
  }

  @Query(() => CourseConnection)
  async courses(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    requireViewer(ctx.viewer);
    const page = await ctx.services.catalog.listCourses(args.toRequest(ctx.config.maxPageSize));
    return toConnection(page, (course) => course.id);
  }

  @Mutation(() => Course, {
    description: 'Creates or replaces a course, its grading policy, blocks and graded items.',
  })
  async upsertCourse(
    @Arg('input', () => CourseInput) input: CourseInput,
    @Ctx() ctx: Context,
  ): Promise<Course> {
    authorizeCourseUpsert(ctx.viewer, input.id);
    return ctx.services.catalog.upsertCourse(input);
  }

  @FieldResolver(() => [ContentBlock])
  blocks(@Root() course: Course, @Ctx() ctx: Context): Promise<ContentBlock[]> {
    return ctx.loaders.blocksByCourse.load(course.id);
  }

  @FieldResolver(() => [GradedItem])
  gradedItems(@Root() course: Course, @Ctx() ctx: Context): Promise<GradedItem[]> {
    return ctx.loaders.gradedItemsByCourse.load(course.id);
  }

  @FieldResolver(() => [LearningPath], { description: 'Paths that contain this course as a step.' })
  async learningPaths(@Root() course: Course, @Ctx() ctx: Context): Promise<LearningPath[]> {
    const steps = await ctx.loaders.stepsByCourse.load(course.id);
    const paths = await loadAll(
      ctx.loaders.learningPath,
      steps.map((s) => s.learningPath.id),
    );
    return paths.filter((p): p is LearningPath => p !== null);
  }

  @FieldResolver(() => [CredentialConfiguration])
  credentialConfigurations(
    @Root() course: Course,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration[]> {
    return ctx.loaders.configurationsByCourse.load(course.id);
  }
}
