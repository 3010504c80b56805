// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { Asset } from './asset.entity';
export { issuanceRoutes } from './issuance.http';
export { JobQueue, LIFECYCLE_QUEUE, RELEASE_QUEUE } from './jobs';
export type { ReleaseJobData } from './jobs';
export {
  TemplateError,
  isBuiltinFont,
  parseTemplate,
  loadShaper,
  preloadBuiltinFonts,
  renderCredentialPdf,
} from './pdf';
export type {
  CredentialLayout,
  CredentialTemplate,
  PlacedElement,
  RenderCredentialInput,
} from './pdf';
export { CERTIFICATE_CATALOGS, certificateTranslator } from './pdf/certificate-messages';
export {
  builtinDesign,
  designFor,
  tierName,
  TIER_ACCENTS,
  type BuiltinDesign,
  type RenderAchievement,
} from './pdf';
export { STANDARD_TEXT_ELEMENTS } from './pdf/template';
export { startIssuance } from './runtime';
export {
  CertificatePreviews,
  PREVIEW_VERIFICATION_ID,
  PREVIEW_WATERMARK,
  previewDate,
  type PreviewIssue,
} from './certificate-preview';
export type { CertificateFacts } from './certificate-input';
export { achievementOf } from './achievement';
export { CERTIFICATE_IMAGE_WIDTH, certificatePageImage } from './certificate-image';
export { UnrenderableTextError } from './pdf';
export { verificationUrlOf } from './certificate-input';
export type { IssuanceRuntime } from './runtime';
export type { OrganizationSource, StatusAllocation } from './generate-credential';
export { credentialFileAccess, type CredentialFiles } from './credential-file-access';
export { canonicalCredentialData, loadOrCreateSigningKey, signingKeyFromPem } from './signing';
export type { CredentialSigner } from './signing';
export { StorageError, asDomainError, createStorage } from './storage';
export type { ObjectStorage, StorageConfig } from './storage';
export { AssetService, BADGE_TEMPLATE_CONTENT_TYPES, IMAGE_CONTENT_TYPES } from './asset.service';
export { MAX_SVG_BYTES, SVG_HEADERS, svgProblem } from './svg-safety';
export { imageReferenceProblems } from './image-assets';
export type { ImageReference } from './image-assets';
export { pageProblems } from './pdf/template';
