import {
  Args,
  Ctx,
  FieldResolver,
  Resolver,
  Root,
  type SubscribeResolverData,
  Subscription,
} from 'type-graphql';
import type { Context } from '../../server/context';
import { notFound } from '../../shared/errors';
import type { CredentialEventPayload } from '../../shared/events';
import { CredentialEvent, CredentialEventsArgs } from './credential-event.type';
import { Credential } from './credential.entity';

@Resolver(() => CredentialEvent)
export class CredentialEventsResolver {
  @Subscription(() => CredentialEvent, {
    description:
      'Issuer pipeline events as they happen. Every given argument must match; staff receive the events of their courses and paths, admins all, learners their own credentials.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, CredentialEventsArgs, Context>) =>
      context.services.credentialEvents.watch(context.viewer, args),
  })
  credentialEvents(
    @Root() event: CredentialEventPayload,
    @Args(() => CredentialEventsArgs) _args: CredentialEventsArgs,
  ): CredentialEvent {
    return {
      type: event.type,
      at: new Date(event.at),
      credentialId: event.credentialId,
    };
  }

  @FieldResolver(() => Credential)
  async credential(@Root() event: CredentialEvent, @Ctx() ctx: Context): Promise<Credential> {
    const credential = await ctx.loaders.credential.load(event.credentialId);
    if (!credential) throw notFound('Credential', event.credentialId);
    return credential;
  }
}
