import {
  canManage,
  type ContextRef,
  hasStaffRole,
  learnerAccess,
  orgOfCourse,
  mayReadLearner,
  type PathEnrollmentCheck,
  type Viewer,
} from './access';
import { derivedIterator } from './async-iterators';
import { forbidden, InputError } from './errors';
import type { Watch } from './live-feed';

/** What every live event names: whose it is and under which configuration and context. */
export interface ScopedEvent {
  learnerId: string;
  configurationId: string;
  courseId: string | null;
  learningPathId: string | null;
}

/** A subscription's arguments; every given field must match, absent fields match anything. */
export interface LiveFilter {
  learnerId?: string | null;
  configurationId?: string | null;
  courseId?: string | null;
  learningPathId?: string | null;
}

const ALL = 'all';
const learnerKey = (id: string) => `learner:${id}`;
const configurationKey = (id: string) => `configuration:${id}`;
const contextKey = (context: ContextRef): string | null =>
  context.courseId
    ? `course:${context.courseId}`
    : context.learningPathId
      ? `path:${context.learningPathId}`
      : null;

const orgKey = (org: string) => `org:${org}`;

/** The index keys of an event (LiveFeed's keysOf). */
export function scopedEventKeys(event: ScopedEvent): string[] {
  const keys = [ALL, learnerKey(event.learnerId), configurationKey(event.configurationId)];
  const context = contextKey(event);
  if (context) keys.push(context);
  const org = event.courseId ? orgOfCourse(event.courseId) : null;
  if (org !== null) keys.push(orgKey(org));
  return keys;
}

/**
 * Whether rights alone may let the viewer see an event: their own, their contexts', or any
 * for admins. What needs the database (a path's staff see enrolled learners only) is
 * decided after the feed, by readableEvents.
 */
export function maySee(viewer: Viewer, event: ScopedEvent): boolean {
  return learnerAccess(viewer, event.learnerId, event) !== 'denied';
}

/**
 * The events of a watch that the viewer may read, by the check every query makes
 * (mayReadLearner), in order. `return()` ends the source at once, even while a read waits.
 */
export function readableEvents<T extends ScopedEvent>(
  viewer: Viewer,
  source: AsyncIterableIterator<T>,
  enrolledInPath: PathEnrollmentCheck,
): AsyncIterableIterator<T> {
  return derivedIterator(source, async () => {
    for (;;) {
      const next = await source.next();
      if (next.done) return { value: undefined, done: true };
      if (await mayReadLearner(viewer, next.value.learnerId, next.value, enrolledInPath)) {
        return next;
      }
    }
  });
}

/**
 * The watch of a subscription: its filter narrowed to what the viewer may see (a learner
 * themself, staff their contexts, admins everything). `context` is the course or path the
 * filter names (through a configuration's, when it names one). A filter that can never
 * match anything the viewer may see is refused (FORBIDDEN) rather than left silent.
 */
export function scopedWatch(
  viewer: Viewer,
  filter: LiveFilter,
  context: ContextRef,
): Watch<ScopedEvent> {
  const learnerId = filter.learnerId || null;
  const configurationId = filter.configurationId || null;
  const courseId = filter.courseId || null;
  const learningPathId = filter.learningPathId || null;
  if (courseId && learningPathId) {
    throw InputError.of('learningPathId', 'give at most one of courseId and learningPathId');
  }
  const named = contextKey(context) !== null;
  const manages = named ? canManage(viewer, context) : viewer.isAdmin;
  const self = viewer.learnerId;
  const otherLearner = learnerId !== null && learnerId !== self;
  if (!viewer.isAdmin) {
    const visible = otherLearner
      ? named
        ? manages
        : hasStaffRole(viewer)
      : learnerId !== null || manages || self !== null || (!named && hasStaffRole(viewer));
    if (!visible) {
      throw forbidden(
        'Only the learner, staff of the course or path and admins may watch these events',
      );
    }
  }

  // The narrowest bucket that holds every event this watch may accept.
  let keys: string[];
  if (learnerId) keys = [learnerKey(learnerId)];
  else if (manages && configurationId) keys = [configurationKey(configurationId)];
  else if (manages && named) keys = [contextKey(context)!];
  else if (viewer.isAdmin) keys = [ALL];
  else if (named) keys = self ? [learnerKey(self)] : [];
  else {
    keys = [
      ...(self ? [learnerKey(self)] : []),
      ...[...viewer.staffCourses].map((id) => contextKey({ courseId: id })!),
      ...[...(viewer.staffOrgs ?? [])].map(orgKey),
      ...[...viewer.staffPaths].map((id) => contextKey({ learningPathId: id })!),
    ];
  }

  return {
    keys,
    accepts: (event) =>
      (learnerId === null || event.learnerId === learnerId) &&
      (configurationId === null || event.configurationId === configurationId) &&
      (courseId === null || event.courseId === courseId) &&
      (learningPathId === null || event.learningPathId === learningPathId) &&
      maySee(viewer, event),
  };
}
