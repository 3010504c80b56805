import type { Envelope } from './bus-message';
import { clamp01, cleanText, dateOf, emailOf, learnerIdOf, requireId } from './clean';
import type { Fact, LearnerFact, Plan } from './facts';
import { EVENT_TYPES as T } from './schemas';
import { mapTrackingLog, type TrackingLog } from './tracking-log';

/** The decoded Avro records this module reads (openedx-events' attrs classes). */
interface UserData {
  id: number;
  is_active: boolean;
  pii: { username: string; email: string; name: string };
}
interface CourseData {
  course_key: string;
  display_name: string;
}
interface EnrollmentEvent {
  enrollment: { user: UserData; course: CourseData; mode: string; is_active: boolean };
}
interface GradeEvent {
  grade: {
    user_id: number;
    course: CourseData;
    percent_grade: number;
    letter_grade: string;
    passed_timestamp: string;
  };
}
interface DiscussionThreadEvent {
  thread: {
    id: string;
    user: UserData;
    course_id: string;
    /** Booleans the platform attaches to the post. */
    options: Record<string, boolean> | null;
  };
}
interface AccessRoleEvent {
  course_access_role_data: { user: UserData; org_key: string; course_key: string; role: string };
}

function learnerOf(user: UserData): LearnerFact {
  const username = cleanText(user.pii.username, 150);
  return {
    id: learnerIdOf(user.id),
    name: cleanText(user.pii.name, 500),
    username: username || null,
    email: emailOf(user.pii.email),
  };
}

/** `block-v1:Org+Num+Run+type@t+block@b` → `course-v1:Org+Num+Run`; null for other keys. */
export function courseKeyOfUsageKey(usageKey: string): string | null {
  const match = /^block-v1:([^+\s]+)\+([^+\s]+)\+([^+\s]+)\+type@/.exec(usageKey);
  return match ? `course-v1:${match[1]}+${match[2]}+${match[3]}` : null;
}

const POST_KINDS = {
  [T.forumThreadCreated]: 'THREAD',
  [T.forumResponseCreated]: 'RESPONSE',
  [T.forumCommentCreated]: 'COMMENT',
} as const;

/** The first of these option names the post carries, as a boolean; null when none. */
function optionOf(
  options: Record<string, boolean> | null,
  names: readonly string[],
): boolean | null {
  for (const name of names) {
    const value = options?.[name];
    if (typeof value === 'boolean') return value;
  }
  return null;
}

/**
 * A forum post as a DISCUSSION fact. A thread is its own id; a response or comment event
 * names the thread, so each one is a post of its own, keyed by the bus message id (a message
 * read twice is skipped by its id before it gets here). Deleted and flagged come from the
 * post's `options` when the platform sets them there.
 */
function discussionPostOf(
  envelope: Envelope,
  { thread }: DiscussionThreadEvent,
): Extract<Fact, { kind: 'discussionPost' }> {
  const postKind = POST_KINDS[envelope.type as keyof typeof POST_KINDS];
  const threadId = requireId(thread.id, 'thread.id');
  return {
    kind: 'discussionPost',
    learner: learnerOf(thread.user),
    courseId: requireId(thread.course_id, 'thread.course_id'),
    postId:
      postKind === 'THREAD' ? threadId : `${threadId}/${postKind.toLowerCase()}/${envelope.id}`,
    postKind,
    deleted: optionOf(thread.options, ['deleted', 'is_deleted']),
    flagged: optionOf(thread.options, ['abuse_flagged', 'flagged']),
    occurredAt: envelope.time,
  };
}

/** What a decoded message of a known type asks for. Throws ParkError when it is unusable. */
export function mapEvent(envelope: Envelope, data: unknown): Plan {
  const time = envelope.time;
  switch (envelope.type) {
    case T.enrollmentCreated:
    case T.enrollmentChanged:
    case T.unenrollmentCompleted: {
      const { enrollment } = data as EnrollmentEvent;
      const mode = cleanText(enrollment.mode, 100);
      return {
        kind: 'fact',
        fact: {
          kind: 'enrollment',
          learner: learnerOf(enrollment.user),
          courseId: requireId(enrollment.course.course_key, 'enrollment.course.course_key'),
          // An unenrollment is final even if a producer sent is_active true.
          active: envelope.type !== T.unenrollmentCompleted && enrollment.is_active,
          mode: mode || null,
          occurredAt: time,
        },
      };
    }
    case T.persistentGradeChanged: {
      const { grade } = data as GradeEvent;
      return {
        kind: 'fact',
        fact: {
          kind: 'lmsGrade',
          learnerId: learnerIdOf(grade.user_id, 'grade.user_id'),
          courseId: requireId(grade.course.course_key, 'grade.course.course_key'),
          percent: Number.isFinite(grade.percent_grade) ? clamp01(grade.percent_grade) : 0,
          letterGrade: cleanText(grade.letter_grade, 100),
          passedAt: dateOf(grade.passed_timestamp),
          occurredAt: time,
        },
      };
    }
    case T.trackingEventEmitted:
      return mapTrackingLog((data as { tracking_log: TrackingLog }).tracking_log, time);
    case T.courseAccessRoleAdded:
    case T.courseAccessRoleRemoved: {
      const role = (data as AccessRoleEvent).course_access_role_data;
      const learner = learnerOf(role.user);
      const courseId = cleanText(role.course_key, 255);
      return {
        kind: 'fact',
        fact: {
          kind: 'accessRole',
          learner,
          change: {
            userId: learner.id,
            org: cleanText(role.org_key, 255),
            courseId,
            role: cleanText(role.role, 100),
            added: envelope.type === T.courseAccessRoleAdded,
            occurredAt: time,
          },
        },
      };
    }
    case T.forumThreadCreated:
    case T.forumResponseCreated:
    case T.forumCommentCreated:
      return { kind: 'fact', fact: discussionPostOf(envelope, data as DiscussionThreadEvent) };
    case T.catalogInfoChanged: {
      const key = (data as { catalog_info: { course_key: string } }).catalog_info.course_key;
      return { kind: 'refresh', courseKey: requireId(key, 'catalog_info.course_key') };
    }
    case T.xblockPublished: {
      const usageKey = (data as { xblock_info: { usage_key: string } }).xblock_info.usage_key;
      const courseKey = courseKeyOfUsageKey(usageKey);
      return courseKey
        ? { kind: 'refresh', courseKey }
        : { kind: 'ignore', why: 'the published block is not in a course' };
    }
    default:
      return { kind: 'ignore', why: `event type ${envelope.type} is not used` };
  }
}
