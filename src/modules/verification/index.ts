// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { VerificationResolver } from './verification.resolver';
export { VerificationService } from './verification.service';
export type { VerificationDeps } from './verification.service';
export { setUpVerification } from './verification.setup';
export { createVerifyRouter } from './verify-page';
export { NOT_FOUND_RESULT } from './verification.service';
export { VerificationStatus, type VerificationResult } from './verification.status';
export { page, langQuery } from './verify-page';
export { pageSharingOf, type CheckCache, type PageSharing } from './page-sharing';
export { LANGUAGE_NAMES, pageLocale } from './page-locale';
export { VERIFY_PAGE_CATALOGS, verifyPageTranslator } from './page-messages';
export { html, SafeHtml } from './safe-html';
export { htmlDocument } from './verify-page.layout';
export { date, isolated, languageSelector, organization, statusBadge } from './verify-page.parts';
