import type { EntityManager } from '@mikro-orm/postgresql';
import { type FieldProblem, InputError } from '../../shared/errors';
import { findUnstorable } from '../../shared/storable-text';

/** Open edX roles that make their holder staff of the course (or of every course of the org). */
export const STAFF_ROLES: readonly string[] = ['staff', 'instructor'];

/** One `course_access_role.added.v1` / `.removed.v1` event of the LMS. */
export interface CourseAccessRoleChange {
  /** The LMS user id as a decimal string. */
  userId: string;
  org: string;
  /** null (or empty) for an organisation-wide role. */
  courseId: string | null;
  role: string;
  added: boolean;
  occurredAt: Date;
}

/** Courses and organisations a user is staff of through Open edX roles. */
export interface StaffGrants {
  courses: ReadonlySet<string>;
  orgs: ReadonlySet<string>;
}

export const NO_STAFF_GRANTS: StaffGrants = Object.freeze({
  courses: new Set<string>(),
  orgs: new Set<string>(),
});

type ChangeListener = (userId: string) => void;
const listeners = new Set<ChangeListener>();

/** Calls `listener` with the user id whenever this process changes a user's stored roles. */
export function onCourseAccessRoleChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function announce(userId: string): void {
  for (const listener of [...listeners]) listener(userId);
}

/** Users whose change waits for the commit of the transaction of an EntityManager's events. */
const awaitingCommit = new WeakMap<object, Set<string>>();

/**
 * Tells the listeners now and, inside a transaction, once more after it commits: a request
 * that read the roles between the write and the commit must not keep the old ones until
 * they expire. (A nested transaction's commit is not seen; the first call covers it.)
 */
function announceChange(em: EntityManager, userId: string): void {
  announce(userId);
  if (!em.isInTransaction()) return;
  const events = em.getEventManager();
  let users = awaitingCommit.get(events);
  if (users === undefined) {
    const waiting = new Set<string>();
    users = waiting;
    awaitingCommit.set(events, waiting);
    events.registerSubscriber({
      afterTransactionCommit: () => {
        awaitingCommit.delete(events);
        for (const user of waiting) announce(user);
      },
    });
  }
  users.add(userId);
}

const UPSERT_COURSE_ROLE = `
  insert into course_access_role
    (id, user_id, org, course_id, role, active, occurred_at, created_at, updated_at)
  values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now(), now())
  on conflict (user_id, org, course_id, role) where course_id is not null do update
    set active = excluded.active, occurred_at = excluded.occurred_at, updated_at = now()
    where course_access_role.occurred_at < excluded.occurred_at
  returning id`;

const UPSERT_ORG_ROLE = `
  insert into course_access_role
    (id, user_id, org, course_id, role, active, occurred_at, created_at, updated_at)
  values (gen_random_uuid(), ?, ?, null, ?, ?, ?, now(), now())
  on conflict (user_id, org, role) where course_id is null do update
    set active = excluded.active, occurred_at = excluded.occurred_at, updated_at = now()
    where course_access_role.occurred_at < excluded.occurred_at
  returning id`;

function problemsOf(change: CourseAccessRoleChange): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const required = { userId: change.userId, org: change.org, role: change.role };
  for (const [field, value] of Object.entries(required)) {
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ field, message: 'must be a non-empty string' });
    }
  }
  if (change.courseId !== null && typeof change.courseId !== 'string') {
    problems.push({ field: 'courseId', message: 'must be a string or null' });
  }
  if (!(change.occurredAt instanceof Date) || Number.isNaN(change.occurredAt.getTime())) {
    problems.push({ field: 'occurredAt', message: 'must be a valid date' });
  }
  const unstorable = findUnstorable(
    { userId: change.userId, org: change.org, courseId: change.courseId, role: change.role },
    [],
  );
  if (unstorable !== null) problems.push(unstorable);
  return problems;
}

/**
 * Stores one role change of the LMS. An event older than (or as old as) the one stored for
 * the same user, org, course and role changes nothing, so replays and out-of-order delivery
 * are harmless. Returns whether it was stored. Runs in the caller's transaction, if any.
 */
export async function applyCourseAccessRole(
  em: EntityManager,
  change: CourseAccessRoleChange,
): Promise<boolean> {
  const problems = problemsOf(change);
  if (problems.length > 0) throw new InputError(problems);
  const courseId =
    change.courseId === null || change.courseId.trim() === '' ? null : change.courseId;
  const rows: unknown[] =
    courseId === null
      ? await em.execute(UPSERT_ORG_ROLE, [
          change.userId,
          change.org,
          change.role,
          change.added,
          change.occurredAt,
        ])
      : await em.execute(UPSERT_COURSE_ROLE, [
          change.userId,
          change.org,
          courseId,
          change.role,
          change.added,
          change.occurredAt,
        ]);
  if (rows.length === 0) return false;
  announceChange(em, change.userId);
  return true;
}

const GRANTS_SQL = `
  select org, course_id from course_access_role
  where user_id = ? and active and role in (${STAFF_ROLES.map(() => '?').join(', ')})`;

/** The courses and organisations a user is staff of now, from the stored roles. */
export async function loadStaffGrants(em: EntityManager, userId: string): Promise<StaffGrants> {
  const rows: { org: string; course_id: string | null }[] = await em.execute(GRANTS_SQL, [
    userId,
    ...STAFF_ROLES,
  ]);
  if (rows.length === 0) return NO_STAFF_GRANTS;
  const courses = new Set<string>();
  const orgs = new Set<string>();
  for (const row of rows) {
    if (row.course_id === null) orgs.add(row.org);
    else courses.add(row.course_id);
  }
  return { courses, orgs };
}
