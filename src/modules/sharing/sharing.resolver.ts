import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { mayReadLearner } from '../../shared/access';
import { Credential } from '../credentials';
import { effectiveProfile } from '../issuers';
import { checkThrough } from '../progress';
import { linkedInCertificationOf } from './certification';
import { linkedInAddToProfileUrl } from './linkedin';

@Resolver(() => Credential)
export class SharingResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "LinkedIn's add-to-profile link for this certification (name, organization, issue month and year, verification page and id), once AVAILABLE. Its learner, staff of its context and admins.",
  })
  async linkedInAddToProfileUrl(
    @Root() credential: Credential,
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    const viewer = ctx.viewer;
    if (!viewer) return null;
    const configuration = await ctx.loaders.configuration.load(credential.configuration.id);
    if (!configuration) return null;
    const context = {
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
    };
    const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
    if (!(await mayReadLearner(viewer, credential.learner.id, context, enrolledInPath))) {
      return null;
    }
    const organization = await effectiveProfile(ctx.loaders, context);
    const certification = linkedInCertificationOf(
      credential,
      configuration,
      organization.name ?? ctx.config.openBadges.issuerName,
      ctx.config.publicUrl,
    );
    return certification === null ? null : linkedInAddToProfileUrl(certification);
  }
}
