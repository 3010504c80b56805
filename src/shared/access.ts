import { DomainError, forbidden } from './errors';

/** Who is calling, from a verified token (DESIGN §7). */
export interface Viewer {
  /** The learner id (`sub` or `user_id`); null for service accounts without one. */
  learnerId: string | null;
  isAdmin: boolean;
  canIngest: boolean;
  staffCourses: ReadonlySet<string>;
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

export function canManage(viewer: Viewer, context: ContextRef): boolean {
  if (viewer.isAdmin) return true;
  if (context.courseId) return viewer.staffCourses.has(context.courseId);
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

/** A learner reads themself; staff read learners of their contexts; admins read everyone. */
export function canReadLearner(viewer: Viewer, learnerId: string, context: ContextRef): boolean {
  return viewer.learnerId === learnerId || canManage(viewer, context);
}
