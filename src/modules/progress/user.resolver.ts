import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { Credential } from '../credentials';
import { CredentialProgress } from './credential-progress.type';
import { ProgressContextArgs } from './progress.resolver';
import { readCredentialProgress, readLearnerCredentials } from './progress.read';
import { User } from './user.type';

/** Fields Laurel contributes to the platform's federated User. */
@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => [CredentialProgress], {
    description: "This user's progress towards each enabled credential of a course or path.",
  })
  progress(
    @Root() user: User,
    @Args(() => ProgressContextArgs) args: ProgressContextArgs,
    @Ctx() ctx: Context,
  ): Promise<CredentialProgress[]> {
    return readCredentialProgress(ctx, { ...args, learnerId: user.id });
  }

  @FieldResolver(() => [Credential], {
    description: "This user's credentials, newest first (staff see their contexts' only).",
  })
  credentials(@Root() user: User, @Ctx() ctx: Context): Promise<Credential[]> {
    return readLearnerCredentials(ctx, user.id);
  }
}
