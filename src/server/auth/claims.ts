import type { JWTPayload } from 'jose';
import type { Viewer } from '../../shared/access';
import { DomainError, InputError } from '../../shared/errors';
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
 * The learner id: the configured claim, else `user_id` when present (an Open edX token's
 * `sub` is the learner's *anonymous* id), else `sub`. Open edX user ids are integers in JSON
 * and the decimal string everywhere in Laurel.
 */
export function learnerIdOf(payload: JWTPayload, claim: string | null = null): string | null {
  if (claim !== null) return idValue(payload[claim]);
  return idValue(payload.user_id) ?? idValue(payload.sub);
}

function idValue(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value !== 'number') return null;
  if (Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new DomainError('UNAUTHENTICATED', 'The token names its learner with an unusable number');
}

/**
 * Maps verified JWT claims (Open edX style) to a Viewer. The subject and roles reach SQL as
 * learner, course and path ids: text PostgreSQL cannot store is BAD_USER_INPUT.
 */
export function viewerFromClaims(
  payload: JWTPayload,
  learnerIdClaim: string | null = null,
): Viewer {
  const roles = rolesOf(payload);
  const learnerId = learnerIdOf(payload, learnerIdClaim);
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
