import { canManage, requireViewer, type Viewer } from '../../shared/access';
import { forbidden } from '../../shared/errors';

/** Course content is pushed by the platform (ingest), admins, or that course's staff. */
export function authorizeCourseUpsert(viewer: Viewer | null, courseId: string): void {
  const known = requireViewer(viewer);
  if (!known.canIngest && !canManage(known, { courseId })) {
    throw forbidden('Only the ingest role, platform admins and staff of this course may change it');
  }
}

export function authorizePathUpsert(viewer: Viewer | null, learningPathId: string): Viewer {
  const known = requireViewer(viewer);
  if (!known.canIngest && !canManage(known, { learningPathId })) {
    throw forbidden('Only the ingest role, platform admins and staff of this path may change it');
  }
  return known;
}

/**
 * A course joins a path only by the ingest role, admins or that course's staff: a path's
 * staff read its learners' progress in every step, so adding a course they do not manage
 * would open its learners' grades to them. Steps the path already has may stay.
 */
export function authorizeAddedSteps(viewer: Viewer, addedCourseIds: readonly string[]): void {
  if (viewer.canIngest) return;
  const foreign = addedCourseIds.filter((courseId) => !canManage(viewer, { courseId }));
  if (foreign.length > 0) {
    throw forbidden(
      `Only the ingest role, platform admins and staff of ${foreign.join(', ')} may add it to a learning path`,
    );
  }
}
