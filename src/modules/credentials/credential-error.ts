import { canManage, type ContextRef, type Viewer } from '../../shared/access';

/** What a learner (or anyone but the context's managers) reads of a failed generation. */
export const PUBLIC_GENERATION_FAILURE =
  'The certificate could not be generated yet; it will be retried.';

/**
 * Failures that speak of the learner's own data in plain words (issuance's
 * UnrenderableTextError: `The name contains characters no certificate font can show: …`):
 * everyone who may see the credential reads them, the learner first, who can ask for a
 * corrected name.
 */
const PLAIN_REASON = /^The [a-z ]+ contains characters no certificate font can show: /;

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
  if (PLAIN_REASON.test(lastError)) return lastError;
  return viewer !== null && canManage(viewer, context) ? lastError : PUBLIC_GENERATION_FAILURE;
}
