import { trackingLogSchema } from './analytics';
import { catalogInfoSchema, xblockSchemas } from './content-authoring';
import { discussionThreadSchema } from './forum';
import { courseAccessRoleSchema, enrollmentSchema, persistentGradeSchema } from './learning';
import type { RecordSchema } from './records';

/** The Open edX event types Laurel consumes. */
export const EVENT_TYPES = {
  enrollmentCreated: 'org.openedx.learning.course.enrollment.created.v1',
  enrollmentChanged: 'org.openedx.learning.course.enrollment.changed.v1',
  unenrollmentCompleted: 'org.openedx.learning.course.unenrollment.completed.v1',
  persistentGradeChanged: 'org.openedx.learning.course.persistent_grade_summary.changed.v1',
  trackingEventEmitted: 'org.openedx.analytics.tracking.event.emitted.v1',
  courseAccessRoleAdded: 'org.openedx.learning.user.course_access_role.added.v1',
  courseAccessRoleRemoved: 'org.openedx.learning.user.course_access_role.removed.v1',
  catalogInfoChanged: 'org.openedx.content_authoring.course.catalog_info.changed.v1',
  xblockPublished: 'org.openedx.content_authoring.xblock.published.v1',
  forumThreadCreated: 'org.openedx.learning.forum.thread.created.v1',
  forumResponseCreated: 'org.openedx.learning.forum.thread.response.created.v1',
  forumCommentCreated: 'org.openedx.learning.forum.thread.response.comment.created.v1',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

const T = EVENT_TYPES;

/**
 * The writer schemas of each event type, newest first. Avro binary is positional and the
 * bus carries no schema: a message decodes with the first schema that reads it exactly.
 */
export const EVENT_SCHEMAS: Record<EventType, RecordSchema[]> = {
  [T.enrollmentCreated]: [enrollmentSchema(T.enrollmentCreated)],
  [T.enrollmentChanged]: [enrollmentSchema(T.enrollmentChanged)],
  [T.unenrollmentCompleted]: [enrollmentSchema(T.unenrollmentCompleted)],
  [T.persistentGradeChanged]: [persistentGradeSchema(T.persistentGradeChanged)],
  [T.trackingEventEmitted]: [trackingLogSchema(T.trackingEventEmitted)],
  [T.courseAccessRoleAdded]: [courseAccessRoleSchema(T.courseAccessRoleAdded)],
  [T.courseAccessRoleRemoved]: [courseAccessRoleSchema(T.courseAccessRoleRemoved)],
  [T.catalogInfoChanged]: [catalogInfoSchema(T.catalogInfoChanged)],
  [T.xblockPublished]: xblockSchemas(T.xblockPublished),
  [T.forumThreadCreated]: [discussionThreadSchema(T.forumThreadCreated)],
  [T.forumResponseCreated]: [discussionThreadSchema(T.forumResponseCreated)],
  [T.forumCommentCreated]: [discussionThreadSchema(T.forumCommentCreated)],
};

export const isEventType = (type: string): type is EventType =>
  Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);

export type { RecordSchema } from './records';
