import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireAdmin, requireManage, requireViewer } from '../../shared/access';
import { effectiveProfile } from './effective-profile';
import { OrganizationProfile, OrganizationProfileInput } from './organization.type';

/** The instance's organization profile and its per-course and per-path overrides. */
@Resolver(() => OrganizationProfile)
export class OrganizationResolver {
  @Query(() => OrganizationProfile, { description: "The instance's own organization profile." })
  organizationProfile(@Ctx() ctx: Context): Promise<OrganizationProfile> {
    requireViewer(ctx.viewer);
    return effectiveProfile(ctx.loaders, {});
  }

  @Mutation(() => OrganizationProfile, {
    description: 'Replaces the instance profile (admins). Returns it.',
  })
  async setOrganizationProfile(
    @Arg('input', () => OrganizationProfileInput) input: OrganizationProfileInput,
    @Ctx() ctx: Context,
  ): Promise<OrganizationProfile> {
    requireAdmin(ctx.viewer);
    await ctx.services.organizations.setInstance(input);
    ctx.loaders.organizationProfileRow.clearAll();
    return effectiveProfile(ctx.loaders, {});
  }

  @Mutation(() => OrganizationProfile, {
    description:
      "Sets the course's override (admins and the course's staff); null input removes it. Returns the course's effective profile.",
  })
  async setCourseOrganizationProfile(
    @Arg('courseId', () => ID) courseId: string,
    @Arg('input', () => OrganizationProfileInput, { nullable: true })
    input: OrganizationProfileInput | null,
    @Ctx() ctx: Context,
  ): Promise<OrganizationProfile> {
    requireManage(ctx.viewer, { courseId });
    await ctx.services.organizations.setCourse(courseId, input ?? null);
    ctx.loaders.organizationProfileRow.clearAll();
    return effectiveProfile(ctx.loaders, { courseId });
  }

  @Mutation(() => OrganizationProfile, {
    description:
      "Sets the learning path's override (admins and the path's staff); null input removes it. Returns the path's effective profile.",
  })
  async setLearningPathOrganizationProfile(
    @Arg('learningPathId', () => ID) learningPathId: string,
    @Arg('input', () => OrganizationProfileInput, { nullable: true })
    input: OrganizationProfileInput | null,
    @Ctx() ctx: Context,
  ): Promise<OrganizationProfile> {
    requireManage(ctx.viewer, { learningPathId });
    await ctx.services.organizations.setLearningPath(learningPathId, input ?? null);
    ctx.loaders.organizationProfileRow.clearAll();
    return effectiveProfile(ctx.loaders, { learningPathId });
  }
}
