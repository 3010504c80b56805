import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../../server/context';
import { requireAdmin } from '../../../shared/access';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointArgs,
  WebhookDeliveriesArgs,
  WebhookDeliveryView,
  WebhookEndpointView,
} from './webhook.types';

@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookEndpointView], { description: 'Registered webhook endpoints (admins).' })
  async webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpointView[]> {
    requireAdmin(ctx.viewer);
    return (await ctx.services.webhooks.list()).map((endpoint) => WebhookEndpointView.of(endpoint));
  }

  @Query(() => [WebhookDeliveryView], {
    description: "An endpoint's latest deliveries, newest first, with their attempts (admins).",
  })
  async webhookDeliveries(
    @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryView[]> {
    requireAdmin(ctx.viewer);
    const deliveries = await ctx.services.webhooks.deliveries(args.endpointId, args.first);
    return deliveries.map((delivery) => WebhookDeliveryView.of(delivery));
  }

  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Registers an endpoint for credential events (admins); the answer holds its signing secret, shown only here.',
  })
  async createWebhookEndpoint(
    @Args(() => CreateWebhookEndpointArgs) args: CreateWebhookEndpointArgs,
    @Ctx() ctx: Context,
  ): Promise<CreatedWebhookEndpoint> {
    requireAdmin(ctx.viewer);
    const { endpoint, secret } = await ctx.services.webhooks.create(args);
    return Object.assign(new CreatedWebhookEndpoint(), {
      endpoint: WebhookEndpointView.of(endpoint),
      secret,
    });
  }

  @Mutation(() => Boolean, {
    description: 'Removes an endpoint and its delivery log; nothing more is sent to it (admins).',
  })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    requireAdmin(ctx.viewer);
    return ctx.services.webhooks.delete(id);
  }

  @Mutation(() => WebhookDeliveryView, {
    description:
      'Sends a delivery again: same webhook-id and body, a fresh timestamp and signature (admins).',
  })
  async redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryView> {
    requireAdmin(ctx.viewer);
    return WebhookDeliveryView.of(await ctx.services.webhooks.redeliver(deliveryId));
  }
}
