import type { IncomingMessage } from 'node:http';
import { hasStaffRole, type Viewer } from '../../shared/access';
import { ADMIN_ROLE, COURSE_STAFF_PREFIX, INGEST_ROLE, PATH_STAFF_PREFIX } from '../auth/claims';

/**
 * Which work is kept when not all can be: `ingest` (recordProgress, the connector) is
 * refused last and waits longest; `interactive` (learners' reads, verification, anyone
 * without a token) comes before `bulk` (admins' and staff's work). Health, readiness and
 * metrics never pass admission at all.
 */
export type Priority = 'ingest' | 'interactive' | 'bulk';

export const PRIORITIES: readonly Priority[] = ['ingest', 'interactive', 'bulk'];

function priorityOfRoles(roles: readonly string[], administrator: boolean): Priority {
  if (roles.includes(INGEST_ROLE)) return 'ingest';
  const staff = roles.some(
    (role) =>
      role === ADMIN_ROLE ||
      role.startsWith(COURSE_STAFF_PREFIX) ||
      role.startsWith(PATH_STAFF_PREFIX),
  );
  return administrator || staff ? 'bulk' : 'interactive';
}

/** A graphql-ws operation's priority: its connection's token was verified on connect. */
export function priorityOfViewer(viewer: Viewer | null | undefined): Priority {
  if (!viewer) return 'interactive';
  if (viewer.canIngest) return 'ingest';
  return viewer.isAdmin || hasStaffRole(viewer) ? 'bulk' : 'interactive';
}

/** Tokens seen lately and their priority: one decode per token, not per request. */
const CACHE_SIZE = 1000;
const MAX_TOKEN_LENGTH = 8192;
const cache = new Map<string, Priority>();

/**
 * An HTTP request's priority from its bearer token's claims, read before anything else
 * about the request: the body is not read yet, and the token is decoded but not verified
 * (verifying may need the JWKS or the staff grants, i.e. I/O). A forged claim buys no
 * more than a place in the queue: the request is refused as UNAUTHENTICATED right after
 * admission, before any database work, and ingest and bulk hold at most half the limit.
 */
export function priorityOfRequest(req: IncomingMessage): Priority {
  const authorization = req.headers.authorization;
  if (authorization === undefined || authorization.length > MAX_TOKEN_LENGTH) return 'interactive';
  const known = cache.get(authorization);
  if (known !== undefined) return known;
  const priority = priorityOfToken(authorization);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(authorization, priority);
  return priority;
}

function priorityOfToken(authorization: string): Priority {
  const match = /^Bearer\s+[\w-]+\.([\w-]+)\.[\w-]*$/i.exec(authorization.trim());
  if (!match) return 'interactive';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
  } catch {
    return 'interactive';
  }
  if (typeof claims !== 'object' || claims === null) return 'interactive';
  const { roles, administrator } = claims as { roles?: unknown; administrator?: unknown };
  const list = Array.isArray(roles)
    ? roles.filter((role): role is string => typeof role === 'string')
    : typeof roles === 'string'
      ? roles.split(/[\s,]+/)
      : [];
  return priorityOfRoles(list, administrator === true);
}
