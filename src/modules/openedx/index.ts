// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { CourseAccessRole } from './course-access-role.entity';
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
