import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { Course, LearningPath } from '../catalog';
import { Credential } from '../credentials';
import { effectiveProfile } from './effective-profile';
import { OrganizationProfile } from './organization.type';

const ORGANIZATION =
  "The issuing organization: the instance profile with this one's override applied.";

@Resolver(() => Course)
export class CourseOrganizationResolver {
  @FieldResolver(() => OrganizationProfile, { description: ORGANIZATION })
  organization(@Root() course: Course, @Ctx() ctx: Context): Promise<OrganizationProfile> {
    return effectiveProfile(ctx.loaders, { courseId: course.id });
  }
}

@Resolver(() => LearningPath)
export class LearningPathOrganizationResolver {
  @FieldResolver(() => OrganizationProfile, { description: ORGANIZATION })
  organization(@Root() path: LearningPath, @Ctx() ctx: Context): Promise<OrganizationProfile> {
    return effectiveProfile(ctx.loaders, { learningPathId: path.id });
  }
}

@Resolver(() => Credential)
export class CredentialIssuerResolver {
  @FieldResolver(() => OrganizationProfile, {
    description: "The organization issuing it: its course's or path's effective profile.",
  })
  async issuer(@Root() credential: Credential, @Ctx() ctx: Context): Promise<OrganizationProfile> {
    const config = await ctx.loaders.configuration.load(credential.configuration.id);
    return effectiveProfile(ctx.loaders, {
      courseId: config?.course?.id ?? null,
      learningPathId: config?.learningPath?.id ?? null,
    });
  }
}
