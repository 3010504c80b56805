import { DomainError, forbidden } from './errors';

/** Who is calling, from a verified token (DESIGN §7). */
export interface Viewer {
  /** The learner id (`sub` or `user_id`); null for service accounts without one. */
  learnerId: string | null;
  isAdmin: boolean;
  canIngest: boolean;
  staffCourses: ReadonlySet<string>;
  /** Organisations whose every course (known now or later) the viewer is staff of. */
  staffOrgs?: ReadonlySet<string>;
  staffPaths: ReadonlySet<string>;
  /** When the token stops being valid (`exp`); null when it carries none. */
  expiresAt: Date | null;
}

export interface ContextRef {
  courseId?: string | null;
  learningPathId?: string | null;
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
  return viewer;
}

/** The organisation of a course key: `course-v1:Org+Num+Run`, or the older `Org/Num/Run`. */
export function orgOfCourse(courseId: string): string | null {
  const match = /^(?:course-v1:([^+/]+)\+|([^:+/]+)\/)/.exec(courseId);
  return match ? (match[1] ?? match[2]) : null;
}

/** Staff of the course itself or of its whole organisation. */
export function isCourseStaff(viewer: Viewer, courseId: string): boolean {
  if (viewer.staffCourses.has(courseId)) return true;
  const orgs = viewer.staffOrgs;
  if (orgs === undefined || orgs.size === 0) return false;
  const org = orgOfCourse(courseId);
  return org !== null && orgs.has(org);
}

/** Staff of any course, organisation or path. */
export function hasStaffRole(viewer: Viewer): boolean {
  return (
    viewer.staffCourses.size > 0 || viewer.staffPaths.size > 0 || (viewer.staffOrgs?.size ?? 0) > 0
  );
}

export function canManage(viewer: Viewer, context: ContextRef): boolean {
  if (viewer.isAdmin) return true;
  if (context.courseId) return isCourseStaff(viewer, context.courseId);
  if (context.learningPathId) return viewer.staffPaths.has(context.learningPathId);
  return false;
}

/** Admin, or staff of the given course or path. */
export function requireManage(viewer: Viewer | null, context: ContextRef): Viewer {
  const known = requireViewer(viewer);
  if (!canManage(known, context)) {
    throw forbidden('Only platform admins and staff of this course or path may do this');
  }
  return known;
}

export function requireAdmin(viewer: Viewer | null): Viewer {
  const known = requireViewer(viewer);
  if (!known.isAdmin) throw forbidden('Only platform admins may do this');
  return known;
}

/** The platform's service account (role laurel:ingest) or an admin. */
export function requireIngest(viewer: Viewer | null): Viewer {
  const known = requireViewer(viewer);
  if (!known.isAdmin && !known.canIngest) {
    throw forbidden('Only the ingest role or platform admins may do this');
  }
  return known;
}

/** Whether a learner has an enrollment (active or not) in a learning path. */
export type PathEnrollmentCheck = (learnerId: string, learningPathId: string) => Promise<boolean>;

/** What rights alone say about reading a learner's data in a context. */
export type LearnerAccess = 'granted' | 'denied' | { ifEnrolledIn: string };

/**
 * The one rule for reading a learner's data (progress, credentials, events) in a course
 * or path: the learner themself, admins, staff of the course; a path's staff see learners
 * only through the path, so only those enrolled in it.
 */
export function learnerAccess(
  viewer: Viewer,
  learnerId: string,
  context: ContextRef,
): LearnerAccess {
  if (viewer.isAdmin || viewer.learnerId === learnerId) return 'granted';
  if (context.courseId) return isCourseStaff(viewer, context.courseId) ? 'granted' : 'denied';
  if (context.learningPathId && viewer.staffPaths.has(context.learningPathId)) {
    return { ifEnrolledIn: context.learningPathId };
  }
  return 'denied';
}

/** learnerAccess, with the enrollment it may need looked up. */
export async function mayReadLearner(
  viewer: Viewer,
  learnerId: string,
  context: ContextRef,
  enrolledInPath: PathEnrollmentCheck,
): Promise<boolean> {
  const access = learnerAccess(viewer, learnerId, context);
  if (typeof access === 'string') return access === 'granted';
  return enrolledInPath(learnerId, access.ifEnrolledIn);
}
