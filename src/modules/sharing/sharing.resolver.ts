import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { Credential, readableCredential } from '../credentials';
import { effectiveProfile } from '../issuers';
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
    const readable = await readableCredential(credential, ctx);
    if (!readable) return null;
    const { configuration, context } = readable;
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
