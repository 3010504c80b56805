import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { JSONScalar } from '../../shared/scalars';
import { Credential, readableCredential } from '../credentials';
import { effectiveProfile } from '../issuers';
import type { JsonObject } from './open-badge';
import { OpenBadgeVerificationResult } from './open-badge.types';

@Resolver(() => Credential)
export class OpenBadgeResolver {
  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description:
      'The credential as a signed Open Badges 3.0 `OpenBadgeCredential` (Data Integrity proof, eddsa-rdfc-2022), once AVAILABLE. Its learner, staff of its context and admins.',
  })
  async openBadge(@Root() credential: Credential, @Ctx() ctx: Context): Promise<JsonObject | null> {
    const readable = await readableCredential(credential, ctx);
    if (!readable) return null;
    const { configuration, context } = readable;
    const [learner, organization] = await Promise.all([
      ctx.loaders.learner.load(credential.learner.id),
      effectiveProfile(ctx.loaders, context),
    ]);
    return ctx.services.openBadges.openBadgeOf(
      credential,
      configuration,
      learner?.email ?? null,
      organization,
    );
  }

  @Query(() => OpenBadgeVerificationResult, {
    description:
      "Public (no authentication), rate-limited per client address like verifyCredential. Checks any OB 3.0 credential whose issuer resolves offline (this issuer's did:web, or any did:key), and its Bitstring Status List when it names one of this issuer's lists; nothing is fetched from the network.",
  })
  async verifyOpenBadge(
    @Arg('credential', () => JSONScalar) credential: unknown,
    @Ctx() ctx: Context,
  ): Promise<OpenBadgeVerificationResult> {
    await ctx.services.verification.enforceRateLimit(ctx.clientAddress);
    return ctx.services.openBadges.verify(credential);
  }
}
