import type { JWTPayload } from 'jose';
import type { Viewer } from '../../shared/access';
import { InputError } from '../../shared/errors';
import { findUnstorable } from '../../shared/storable-text';

export const ADMIN_ROLE = 'laurel:admin';
export const INGEST_ROLE = 'laurel:ingest';
export const COURSE_STAFF_PREFIX = 'course_staff:';
export const PATH_STAFF_PREFIX = 'path_staff:';

function rolesOf(payload: JWTPayload): string[] {
  const roles = payload.roles;
  if (Array.isArray(roles)) return roles.filter((r): r is string => typeof r === 'string');
  if (typeof roles === 'string') return roles.split(/[\s,]+/).filter(Boolean);
  return [];
}

function withPrefix(roles: string[], prefix: string): Set<string> {
  return new Set(roles.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length)));
}

/**
 * Maps verified JWT claims (Open edX style) to a Viewer. The subject and roles reach SQL as
 * learner, course and path ids: text PostgreSQL cannot store is BAD_USER_INPUT.
 */
export function viewerFromClaims(payload: JWTPayload): Viewer {
  const roles = rolesOf(payload);
  const subject = payload.sub ?? payload.user_id;
  const learnerId =
    typeof subject === 'string' || typeof subject === 'number' ? String(subject) : null;
  const unstorable = findUnstorable({ sub: learnerId, roles }, ['token']);
  if (unstorable !== null) throw new InputError([unstorable]);
  return {
    learnerId,
    isAdmin: payload.administrator === true || roles.includes(ADMIN_ROLE),
    canIngest: roles.includes(INGEST_ROLE),
    staffCourses: withPrefix(roles, COURSE_STAFF_PREFIX),
    staffPaths: withPrefix(roles, PATH_STAFF_PREFIX),
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
  };
}
