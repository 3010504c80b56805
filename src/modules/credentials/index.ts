// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { CredentialConfiguration } from './credential-configuration.entity';
export { Credential } from './credential.entity';
export { CredentialStatus } from './credential.enums';
export type { CredentialKind } from './credential.enums';
export { sqlStatuses } from './credential.enums';
export type { Requirement, StepOverride } from './requirement.type';
export { autoIssueListener } from './auto-issue.listener';
export { CredentialConfigurationResolver } from './configuration.resolver';
export { ConfigurationService } from './configuration.service';
export { CredentialEventsService, credentialEventFeed } from './credential-events.live';
export { CredentialEventsResolver } from './credential-events.resolver';
export { CredentialResolver } from './credential.resolver';
export { credentialLoaders } from './credentials.loaders';
export { IssuanceResolver } from './issuance.resolver';
export { IssuanceService } from './issuance.service';
export type { IssuanceDeps } from './issuance.service';
export { reconcileCredentials } from './reconcile';
export type { ReconcileResult } from './reconcile';
