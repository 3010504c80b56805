// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { OrganizationProfileRow } from './organization-profile.entity';
export { OrganizationProfile, OrganizationProfileInput } from './organization.type';
export { issuerLoaders } from './issuers.loaders';
export { OrganizationService } from './organization.service';
export { effectiveProfile, loadEffectiveProfile } from './effective-profile';
export { OrganizationResolver } from './organization.resolver';
export {
  CourseOrganizationResolver,
  CredentialIssuerResolver,
  LearningPathOrganizationResolver,
} from './issuer-fields.resolver';
