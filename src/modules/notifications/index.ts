// Entities and GraphQL types first: other modules read them while this index loads.
export { EmailNotification } from './email/email-notification.entity';
export { EmailKind, EmailStatus } from './email/email-kind';
export { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';
export { WebhookDelivery } from './webhooks/webhook-delivery.entity';
export { WebhookResolver } from './webhooks/webhook.resolver';
export { WebhookService } from './webhooks/webhook.service';
export { startNotifications, type NotificationsRuntime } from './runtime';
export { credentialEventOutbox } from './dispatch';
export type { Mailer } from './email/mailer';
export { renderEmail } from './email/render-email';
export { isNonPublicAddress } from './webhooks/address-guard';
