// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { PlacedTemplateElement } from './placed-element.type';
export { CertificatePreview } from './preview.type';
export { CertificatePreviewResolver } from './preview.resolver';
export { previewPath, previewRoutes } from './preview.http';
export {
  CertificatePreviewService,
  MAX_PREVIEW_NAME,
  type PreviewDeps,
  type PreviewRequest,
} from './preview.service';
export { webCertificateRoutes } from './web-certificate.http';
