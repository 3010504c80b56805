import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../server/context';
import { Verification } from './verification.type';

@Resolver(() => Verification)
export class VerificationResolver {
  @Query(() => Verification, {
    description:
      'Public (no authentication), rate-limited per client address. A malformed or unknown ID, or a credential not issued yet, answers NOT_FOUND.',
  })
  async verifyCredential(
    @Arg('verificationId', () => ID) verificationId: string,
    @Ctx() ctx: Context,
  ): Promise<Verification> {
    await ctx.services.verification.enforceRateLimit(ctx.clientAddress);
    return ctx.services.verification.verify(verificationId);
  }
}
