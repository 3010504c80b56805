import { type Schema, Type } from 'avsc';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A producer that writes Redis stream entries byte for byte as event-bus-redis 1.x does
 * (`producer.py`, `utils.py`): XADD <prefix>-<topic> MAXLEN ~ 10000 with the fields type,
 * id (UUID1), source, time (Python isoformat, +00:00), minorversion, sourcehost, sourcelib,
 * then event_data: schemaless Avro (fastavro.schemaless_writer) of the upstream schema.
 */

/** test/openedx/upstream-schemas, from test/support or from its build in dist/test/support. */
const SCHEMA_DIR = [
  path.join(__dirname, '..', 'openedx', 'upstream-schemas'),
  path.join(__dirname, '..', '..', '..', 'test', 'openedx', 'upstream-schemas'),
].find((dir) => fs.existsSync(dir))!;
const types = new Map<string, Type>();

/** The upstream test schema of an event type (openedx_events/event_bus/avro/tests/schemas). */
export function upstreamSchema(eventType: string): Schema {
  const file = path.join(SCHEMA_DIR, `${eventType.replace(/\./g, '+')}_schema.avsc`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
}

export function avroOf(eventType: string, data: object): Buffer {
  let type = types.get(eventType);
  if (!type) {
    type = Type.forSchema(upstreamSchema(eventType));
    types.set(eventType, type);
  }
  return type.toBuffer(data);
}

let clockSeq = randomBytes(2).readUInt16BE() & 0x3fff;
const node = randomBytes(6).toString('hex');
let lastTicks = 0n;

/** A version-1 UUID as Python's uuid1() makes it (100 ns ticks since 1582-10-15). */
export function uuid1(): string {
  let ticks = BigInt(Date.now()) * 10_000n + 0x01b21dd213814000n;
  if (ticks <= lastTicks) ticks = lastTicks + 1n;
  lastTicks = ticks;
  const low = (ticks & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((ticks >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const high = (((ticks >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  clockSeq = (clockSeq + 1) & 0x3fff;
  const seq = (clockSeq | 0x8000).toString(16).padStart(4, '0');
  return `${low}-${mid}-${high}-${seq}-${node}`;
}

/** datetime.isoformat() of an aware UTC datetime: microseconds only when not zero. */
export function pythonIsoTime(date: Date): string {
  const base = date.toISOString().slice(0, 19);
  const ms = date.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${String(ms * 1000).padStart(6, '0')}`}+00:00`;
}

export interface BusEvent {
  type: string;
  data: object;
  /** The CloudEvent id; default a new UUID1. */
  id?: string;
  time?: Date;
  /** Replaces event_data (bytes that are not Avro of the type). */
  rawData?: Buffer;
}

export class OpenedxBusProducer {
  readonly redis: Redis;

  constructor(
    url: string,
    readonly prefix: string,
    private readonly options: { maxLen?: number | null; source?: string } = {},
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
  }

  stream(topic: string): string {
    return this.prefix ? `${this.prefix}-${topic}` : topic;
  }

  /** The XADD arguments of one event, fields in event-bus-redis's order. */
  xaddArgs(topic: string, event: BusEvent): (string | Buffer)[] {
    const maxLen = this.options.maxLen === undefined ? 10_000 : this.options.maxLen;
    return [
      this.stream(topic),
      ...(maxLen === null ? [] : ['MAXLEN', '~', String(maxLen)]),
      '*',
      'type',
      event.type,
      'id',
      event.id ?? uuid1(),
      'source',
      this.options.source ?? 'openedx/lms/web',
      'time',
      pythonIsoTime(event.time ?? new Date()),
      'minorversion',
      '0',
      'sourcehost',
      os.hostname(),
      'sourcelib',
      '11.2.0',
      'event_data',
      event.rawData ?? avroOf(event.type, event.data),
    ];
  }

  async send(topic: string, event: BusEvent): Promise<string> {
    const [stream, ...rest] = this.xaddArgs(topic, event);
    return (await this.redis.xadd(stream as string, ...(rest as [string]))) as string;
  }

  /** Many events, pipelined in chunks (as fast as Redis takes them). */
  async sendMany(topic: string, events: Iterable<BusEvent>, chunk = 1000): Promise<number> {
    let sent = 0;
    let pipeline = this.redis.pipeline();
    let queued = 0;
    for (const event of events) {
      const [stream, ...rest] = this.xaddArgs(topic, event);
      pipeline.xadd(stream as string, ...(rest as [string]));
      queued++;
      if (queued === chunk) {
        await pipeline.exec();
        sent += queued;
        pipeline = this.redis.pipeline();
        queued = 0;
      }
    }
    if (queued > 0) {
      await pipeline.exec();
      sent += queued;
    }
    return sent;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A topic prefix of one test's own (event-bus-redis joins it to the topic with "-"). */
export const uniqueTopicPrefix = (name: string) =>
  `laurel-test.${name}.${randomBytes(6).toString('hex')}`;

// Event builders with the openedx-events field names.

export const T = {
  enrollmentCreated: 'org.openedx.learning.course.enrollment.created.v1',
  enrollmentChanged: 'org.openedx.learning.course.enrollment.changed.v1',
  unenrollmentCompleted: 'org.openedx.learning.course.unenrollment.completed.v1',
  gradeSummary: 'org.openedx.learning.course.persistent_grade_summary.changed.v1',
  tracking: 'org.openedx.analytics.tracking.event.emitted.v1',
  roleAdded: 'org.openedx.learning.user.course_access_role.added.v1',
  roleRemoved: 'org.openedx.learning.user.course_access_role.removed.v1',
  catalogInfo: 'org.openedx.content_authoring.course.catalog_info.changed.v1',
  xblockPublished: 'org.openedx.content_authoring.xblock.published.v1',
  forumThread: 'org.openedx.learning.forum.thread.created.v1',
  forumResponse: 'org.openedx.learning.forum.thread.response.created.v1',
  forumComment: 'org.openedx.learning.forum.thread.response.comment.created.v1',
} as const;

export interface UserArgs {
  userId: number;
  username?: string;
  name?: string;
  email?: string;
}

const userData = (u: UserArgs) => ({
  id: u.userId,
  is_active: true,
  pii: {
    username: u.username ?? `user${u.userId}`,
    email: u.email ?? `user${u.userId}@example.org`,
    name: u.name ?? '',
  },
});

export function enrollmentEvent(
  u: UserArgs & { courseKey: string; mode?: string; isActive?: boolean; time?: Date },
  type: string = T.enrollmentCreated,
): BusEvent {
  return {
    type,
    time: u.time,
    data: {
      enrollment: {
        user: userData(u),
        course: { course_key: u.courseKey, display_name: 'A course', start: null, end: null },
        mode: u.mode ?? 'audit',
        is_active: u.isActive ?? true,
        creation_date: '2026-01-01T00:00:00+00:00',
        created_by: null,
      },
    },
  };
}

function trackingEvent(name: string, data: object, timestamp: Date, context: object): BusEvent {
  return {
    type: T.tracking,
    time: timestamp,
    data: {
      tracking_log: {
        name,
        timestamp: pythonIsoTime(timestamp),
        data: JSON.stringify(data),
        context: JSON.stringify(context),
      },
    },
  };
}

/** `edx.completion.block_completion.changed` through the tracking-log bridge. */
export function completionEvent(a: {
  userId: number;
  courseKey: string;
  blockId: string;
  completion: number;
  modified: Date;
}): BusEvent {
  const data = {
    user_id: a.userId,
    course_id: a.courseKey,
    block_id: a.blockId,
    block_type: 'problem',
    completion: a.completion,
    modified: pythonIsoTime(a.modified),
    created: pythonIsoTime(a.modified),
  };
  return trackingEvent('edx.completion.block_completion.changed', data, a.modified, {
    user_id: a.userId,
    course_id: a.courseKey,
    org_id: 'Org',
  });
}

/** `edx.grades.subsection.grade_calculated` through the tracking-log bridge. */
export function subsectionGradeEvent(a: {
  userId: number;
  courseKey: string;
  subsectionId: string;
  earned: number;
  possible: number;
  at: Date;
}): BusEvent {
  const data = {
    user_id: String(a.userId),
    course_id: a.courseKey,
    block_id: a.subsectionId,
    course_version: '',
    weighted_total_earned: a.earned,
    weighted_total_possible: a.possible,
    weighted_graded_earned: a.earned,
    weighted_graded_possible: a.possible,
    first_attempted: pythonIsoTime(a.at),
    subtree_edited_timestamp: pythonIsoTime(a.at),
    event_transaction_id: uuid1(),
    event_transaction_type: 'edx.grades.problem.submitted',
    visible_blocks_hash: 'x',
  };
  return trackingEvent('edx.grades.subsection.grade_calculated', data, a.at, {
    user_id: a.userId,
    course_id: a.courseKey,
  });
}

export function gradeSummaryEvent(a: {
  userId: number;
  courseKey: string;
  percent: number;
  letter: string;
  passed: Date | null;
  time?: Date;
}): BusEvent {
  return {
    type: T.gradeSummary,
    time: a.time,
    data: {
      grade: {
        user_id: a.userId,
        course: { course_key: a.courseKey, display_name: 'A course', start: null, end: null },
        course_edited_timestamp: '2026-01-01T00:00:00+00:00',
        course_version: 'v1',
        grading_policy_hash: 'hash',
        percent_grade: a.percent,
        letter_grade: a.letter,
        passed_timestamp: a.passed ? pythonIsoTime(a.passed) : '',
      },
    },
  };
}

/** A forum post event (`DiscussionThreadData` under `thread`), as edx-platform fills it. */
export function forumEvent(
  u: UserArgs & {
    courseKey: string;
    threadId: string;
    time: Date;
    options?: Record<string, boolean>;
  },
  type: typeof T.forumThread | typeof T.forumResponse | typeof T.forumComment = T.forumThread,
): BusEvent {
  return {
    type,
    time: u.time,
    data: {
      thread: {
        body: 'A thought about the course',
        commentable_id: 'course',
        id: u.threadId,
        truncated: false,
        url: `https://lms.example.com/courses/${u.courseKey}/discussion/forum/course/threads/${u.threadId}`,
        user: userData(u),
        course_id: u.courseKey,
        thread_type: type === T.forumThread ? 'discussion' : null,
        anonymous: false,
        anonymous_to_peers: false,
        title: type === T.forumThread ? 'A question' : null,
        title_truncated: type === T.forumThread ? false : null,
        group_id: null,
        team_id: null,
        category_id: null,
        category_name: null,
        discussion: type === T.forumThread ? null : { id: u.threadId },
        user_course_roles: [],
        user_forums_roles: ['Student'],
        options: u.options ?? { followed: false },
      },
    },
  };
}

export function accessRoleEvent(
  u: UserArgs & { org: string; courseKey: string; role: string },
  added: boolean,
): BusEvent {
  return {
    type: added ? T.roleAdded : T.roleRemoved,
    data: {
      course_access_role_data: {
        user: userData(u),
        org_key: u.org,
        course_key: u.courseKey,
        role: u.role,
      },
    },
  };
}
