import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireAdmin } from '../../shared/access';
import { toConnection } from '../../shared/connection.type';
import { ConnectorFailure } from './connector-failure.entity';
import {
  ConnectorFailureConnection,
  ConnectorFailuresArgs,
  ConnectorStatus,
} from './connector.types';

@Resolver()
export class ConnectorResolver {
  @Query(() => ConnectorStatus, {
    description: 'The Open edX event-bus consumer: lag, pending and totals per stream (admins).',
  })
  connectorStatus(@Ctx() ctx: Context): Promise<ConnectorStatus> {
    requireAdmin(ctx.viewer);
    return ctx.services.connector.status();
  }

  @Query(() => ConnectorFailureConnection, {
    description: 'Event-bus messages that could not be applied (admins).',
  })
  async connectorFailures(
    @Args(() => ConnectorFailuresArgs) args: ConnectorFailuresArgs,
    @Ctx() ctx: Context,
  ) {
    requireAdmin(ctx.viewer);
    const page = await ctx.services.connector.failures(
      args.toRequest(ctx.config.maxPageSize),
      args.unresolvedOnly,
    );
    return toConnection(page, (failure) => failure.id);
  }

  @Mutation(() => ConnectorFailure, {
    description:
      'Decodes and applies a parked message again (admins): resolved on success, otherwise the new reason.',
  })
  replayConnectorFailure(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<ConnectorFailure> {
    requireAdmin(ctx.viewer);
    return ctx.services.connector.replay(id);
  }
}
