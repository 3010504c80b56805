// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { VerificationResolver } from './verification.resolver';
export { VerificationService } from './verification.service';
export type { VerificationDeps } from './verification.service';
export { setUpVerification } from './verification.setup';
export { createVerifyRouter } from './verify-page';
