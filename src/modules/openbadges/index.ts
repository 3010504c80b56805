// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { OpenBadgeKey } from './open-badge-key.entity';
export { StatusList, StatusListEntry } from './status-list.entity';
export { OpenBadgeVerificationResult } from './open-badge.types';
export { OpenBadgeResolver } from './open-badge.resolver';
export { BadgeUrlsResolver } from './badge-urls.resolver';
export {
  MAX_OPEN_BADGE_CHARS,
  MAX_OPEN_BADGE_UPLOAD_BYTES,
  OpenBadgeService,
  OpenBadgeTooLargeError,
} from './open-badge.service';
export { credentialFromUpload, type BadgeFileFormat } from './uploaded-badge';
export { openBadgeRoutes } from './open-badges.http';
export { statusListRoutes } from './status-lists.http';
export { allocateStatusEntry } from './status-allocation';
export { StatusLists } from './status-lists';
export { badgeFileRoutes } from './badge-files.http';
export { BadgeFiles } from './badge-files';
export { setUpOpenBadges, type OpenBadgesDeps } from './open-badges.setup';
export * from './core';
