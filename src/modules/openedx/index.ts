// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { ConnectorFailure } from './connector-failure.entity';
export { ConnectorMessage } from './connector-message.entity';
export { ConnectorStream } from './connector-stream.entity';
export { LmsCourseGrade } from './lms-course-grade.entity';
export { ConnectorStatus, LmsGrade } from './connector.types';
export { ConnectorResolver } from './connector.resolver';
export { LmsGradeResolver } from './lms-grade.resolver';
export { ConnectorService, type ConnectorDeps } from './connector.service';
export { connectorPipeline, startConnector, type ConnectorRuntime } from './connector.runtime';
export { openedxLoaders } from './lms-grade.loader';
export { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from './schemas';
export { streamOf } from './consumer';
export { CourseAccessRole } from './course-access-role.entity';
export { OpenedxImport } from './openedx-import.entity';
export {
  applyCourseAccessRole,
  loadStaffGrants,
  NO_STAFF_GRANTS,
  onCourseAccessRoleChange,
  STAFF_ROLES,
} from './course-access-roles';
export type { CourseAccessRoleChange, StaffGrants } from './course-access-roles';
export { STAFF_GRANTS_TTL_MS, StaffGrantsCache } from './staff-grants-cache';
export type { StaffGrantsCacheOptions } from './staff-grants-cache';
export { LmsClient } from './lms-client';
export type { LmsClientOptions, LmsPage } from './lms-client';
export { LmsBodyError, LmsError } from './lms-errors';
export { createCourseImporter, fetchCourseStructure, importCourse } from './course-import';
export type { CourseImporter } from './course-import';
export { runBackfill, listCourseKeys } from './backfill';
export type { BackfillOptions } from './backfill';
export type { BackfillDeps, BackfillProgress, BackfillSummary } from './backfill-types';
export { formatSummary, streamProgress } from './backfill-report';
export { GRADEBOOK_OFF } from './backfill-grades';
export { enrollmentInput } from './backfill-enrollments';
export {
  PATHS_MANAGER,
  PATH_CONFIGURATION_NAME,
  startLearningPathSync,
} from './learning-paths-sync';
export type {
  LearningPathSync,
  LearningPathSyncDeps,
  LearningPathSyncSummary,
} from './learning-paths-sync';
export { pathConfigurationId } from './learning-path-records';
export { BodyReader } from './lms-body';
export { readLearningPath } from './learning-path-records';
