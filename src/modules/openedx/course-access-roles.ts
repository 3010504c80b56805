import type { EntityManager } from '@mikro-orm/postgresql';

/** A course_access_role.added/removed event, as Laurel keeps course staff from it. */
export interface CourseAccessRoleChange {
  /** The LMS user id as a decimal string. */
  userId: string;
  org: string;
  /** Empty for an org-wide role. */
  courseId: string;
  role: string;
  added: boolean;
  occurredAt: Date;
}

/**
 * Records a course role the LMS granted or withdrew, in the caller's transaction; true when
 * it changed what Laurel knows. This minimal form keeps nothing.
 */
export async function applyCourseAccessRole(
  _em: EntityManager,
  _change: CourseAccessRoleChange,
): Promise<boolean> {
  return false;
}
