import { canManage, type ContextRef, type Viewer } from '../../shared/access';

/** What a learner (or anyone but the context's managers) reads of a failed generation. */
export const PUBLIC_GENERATION_FAILURE =
  'The certificate could not be generated yet; it will be retried.';

/**
 * A credential's `error` as `viewer` may read it: the recorded detail (which can name files,
 * hosts and dependencies' own words) for admins and staff of the credential's context, a
 * short public reason for everyone else.
 */
export function credentialErrorFor(
  lastError: string | null,
  viewer: Viewer | null,
  context: ContextRef,
): string | null {
  if (lastError === null) return null;
  return viewer !== null && canManage(viewer, context) ? lastError : PUBLIC_GENERATION_FAILURE;
}
