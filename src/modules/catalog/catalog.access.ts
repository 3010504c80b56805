import { canManage, requireViewer, type Viewer } from '../../shared/access';
import { forbidden } from '../../shared/errors';

/** Course content is pushed by the platform (ingest), admins, or that course's staff. */
export function authorizeCourseUpsert(viewer: Viewer | null, courseId: string): void {
  const known = requireViewer(viewer);
  if (!known.canIngest && !canManage(known, { courseId })) {
    throw forbidden('Only the ingest role, platform admins and staff of this course may change it');
  }
}

export function authorizePathUpsert(viewer: Viewer | null, learningPathId: string): void {
  const known = requireViewer(viewer);
  if (!known.canIngest && !canManage(known, { learningPathId })) {
    throw forbidden('Only the ingest role, platform admins and staff of this path may change it');
  }
}
