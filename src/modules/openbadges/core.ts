/**
 * The signing core without GraphQL or database: what offline tools and tests load on their
 * own (the module index also pulls in the credentials module).
 */
export { criteriaNarrative, percentValue } from './criteria';
export { resultsOf, type OpenBadgeResult } from './results';
export {
  didDocument,
  didKeyDocument,
  didKeyOf,
  didWebDocumentPath,
  didWebOf,
  isLocalUrl,
  issuerDid,
  type DidDocument,
} from './did';
export {
  createDocumentLoader,
  DocumentNotAvailableError,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
  type OwnDid,
  type OwnDocuments,
} from './document-loader';
export {
  issuerKeyFromPem,
  issuerKeyFromPrivateKey,
  issuerKeyFromSeed,
  type IssuerKey,
} from './issuer-key';
export {
  achievementUrl,
  buildAchievement,
  buildOpenBadge,
  canonicalNQuads,
  credentialUrl,
  identityHash,
  identitySalt,
  signOpenBadge,
  type JsonObject,
  type OpenBadgeInput,
} from './open-badge';
export {
  bakePng,
  bakeSvg,
  BakingError,
  extractBakedCredential,
  extractFromPng,
  extractFromSvg,
} from './baking';
export {
  buildStatusListCredential,
  STATUS_LIST_SIZE,
  STATUS_PURPOSE,
  statusListEntry,
  statusListUrl,
  type StatusPosition,
} from './status-list';
export { verifyOpenBadge, type OpenBadgeVerification } from './verify';
export { BADGE_SIZE, defaultBadgeSvg, fillPlaceholders, type BadgeFields } from './badge-image';
