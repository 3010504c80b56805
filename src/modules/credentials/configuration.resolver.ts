import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireManage, requireViewer } from '../../shared/access';
import { notFound } from '../../shared/errors';
import { Course, LearningPath } from '../catalog';
import { CredentialConfigurationInput, CredentialConfigurationPatch } from './configuration.inputs';
import { CredentialConfiguration } from './credential-configuration.entity';

export const contextOf = (config: CredentialConfiguration) => ({
  courseId: config.course?.id ?? null,
  learningPathId: config.learningPath?.id ?? null,
});

@Resolver(() => CredentialConfiguration)
export class CredentialConfigurationResolver {
  @Query(() => CredentialConfiguration, { nullable: true })
  credentialConfiguration(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration | null> {
    requireViewer(ctx.viewer);
    return ctx.loaders.configuration.load(id);
  }

  @Mutation(() => CredentialConfiguration)
  createCredentialConfiguration(
    @Arg('input', () => CredentialConfigurationInput) input: CredentialConfigurationInput,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration> {
    requireManage(ctx.viewer, { courseId: input.courseId, learningPathId: input.learningPathId });
    return ctx.services.configurations.create(input);
  }

  @Mutation(() => CredentialConfiguration)
  async updateCredentialConfiguration(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => CredentialConfigurationPatch) input: CredentialConfigurationPatch,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration> {
    requireViewer(ctx.viewer);
    const existing = await ctx.loaders.configuration.load(id);
    if (!existing) throw notFound('Credential configuration', id);
    requireManage(ctx.viewer, contextOf(existing));
    return ctx.services.configurations.update(id, input);
  }

  @FieldResolver(() => Course, { nullable: true })
  course(
    @Root() config: CredentialConfiguration,
    @Ctx() ctx: Context,
  ): Promise<Course | null> | null {
    return config.course ? ctx.loaders.course.load(config.course.id) : null;
  }

  @FieldResolver(() => LearningPath, { nullable: true })
  learningPath(
    @Root() config: CredentialConfiguration,
    @Ctx() ctx: Context,
  ): Promise<LearningPath | null> | null {
    return config.learningPath ? ctx.loaders.learningPath.load(config.learningPath.id) : null;
  }
}
