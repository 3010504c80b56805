import { prepare } from '../../src/modules/openedx/prepare';
import { entryFields } from '../../src/modules/openedx/bus-message';
import {
  accessRoleEvent,
  avroOf,
  type BusEvent,
  completionEvent,
  enrollmentEvent,
  gradeSummaryEvent,
  OpenedxBusProducer,
  pythonIsoTime,
  subsectionGradeEvent,
  T,
  uuid1,
} from '../support/openedx-bus';

/**
 * Decoding and mapping of single entries, built with the same producer as the end-to-end
 * tests (its XADD arguments are the entry): what each event asks Laurel to record, and why
 * an unusable one is parked.
 */
const producer = new OpenedxBusProducer('redis://127.0.0.1:1', '', { maxLen: null });
afterAll(() => producer.close());

function entryOf(event: BusEvent, override: Record<string, string | Buffer | null> = {}) {
  const args = producer.xaddArgs('topic', event).slice(2);
  const flat: Buffer[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const name = String(args[i]);
    if (name in override && override[name] === null) continue;
    flat.push(Buffer.from(name), Buffer.from(override[name] ?? args[i + 1]));
  }
  return { stream: 'topic', entryId: '1-0', fields: entryFields(flat) };
}

const step = (event: BusEvent, override?: Record<string, string | Buffer | null>) =>
  prepare(entryOf(event, override)).step;

const COURSE = 'course-v1:Org+Num+Run';
const AT = new Date('2026-03-01T10:00:00.250Z');

it('produces entries with event-bus-redis fields in its order', () => {
  const args = producer.xaddArgs(
    'learning-course-enrollment-lifecycle',
    enrollmentEvent({ userId: 1, courseKey: COURSE }),
  );
  expect(args.filter((_, i) => i % 2 === 0 && i > 0 && i < 16)).toEqual([
    'type',
    'id',
    'source',
    'time',
    'minorversion',
    'sourcehost',
    'sourcelib',
  ]);
  expect(uuid1()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(pythonIsoTime(AT)).toBe('2026-03-01T10:00:00.250000+00:00');
  expect(pythonIsoTime(new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01T10:00:00+00:00');
});

describe('enrollment events', () => {
  it('give the learner with PII, the course, the mode and active', () => {
    const event = enrollmentEvent({
      userId: 1001,
      username: 'ada',
      name: 'Ada L',
      email: 'ada@example.org',
      courseKey: COURSE,
      mode: 'verified',
      time: AT,
    });
    expect(step(event)).toEqual({
      kind: 'fact',
      fact: {
        kind: 'enrollment',
        learner: { id: '1001', name: 'Ada L', username: 'ada', email: 'ada@example.org' },
        courseId: COURSE,
        active: true,
        mode: 'verified',
        occurredAt: AT,
      },
    });
  });

  it('unenrollment.completed is inactive; text PostgreSQL cannot store is cleaned', () => {
    const event = enrollmentEvent(
      {
        userId: 7,
        name: 'A\u0000da \ud800',
        email: 'not-an-email',
        courseKey: COURSE,
        isActive: true,
      },
      T.unenrollmentCompleted,
    );
    expect(step(event)).toMatchObject({
      fact: {
        active: false,
        // The lone surrogate reaches us as invalid UTF-8: replacement characters.
        learner: { id: '7', name: expect.stringMatching(/^Ada \ufffd+$/), email: null },
      },
    });
  });
});

describe('the tracking-log bridge', () => {
  it('block_completion.changed → a completion at its `modified` time', () => {
    const modified = new Date('2026-03-01T09:00:00Z');
    const event = completionEvent({
      userId: 5,
      courseKey: COURSE,
      blockId: 'block-v1:Org+Num+Run+type@html+block@b1',
      completion: 1,
      modified,
    });
    expect(step(event)).toEqual({
      kind: 'fact',
      fact: {
        kind: 'completion',
        learnerId: '5',
        courseId: COURSE,
        blockId: 'block-v1:Org+Num+Run+type@html+block@b1',
        completion: 1,
        occurredAt: modified,
      },
    });
  });

  it('subsection.grade_calculated → earned / possible of the graded score; possible 0 is ungraded', () => {
    const graded = subsectionGradeEvent({
      userId: 5,
      courseKey: COURSE,
      subsectionId: 's1',
      earned: 3,
      possible: 4,
      at: AT,
    });
    expect(step(graded)).toMatchObject({
      fact: {
        kind: 'score',
        learnerId: '5',
        itemId: 's1',
        fraction: 0.75,
        graded: true,
        occurredAt: AT,
      },
    });
    const ungraded = subsectionGradeEvent({
      userId: 5,
      courseKey: COURSE,
      subsectionId: 's2',
      earned: 0,
      possible: 0,
      at: AT,
    });
    expect(step(ungraded)).toMatchObject({ fact: { fraction: 0, graded: false } });
  });

  it('other tracking events are ignored; unusable JSON is parked with the reason', () => {
    const tracking = (name: string, data: string, context = '{}'): BusEvent => ({
      type: T.tracking,
      data: { tracking_log: { name, timestamp: pythonIsoTime(AT), data, context } },
    });
    expect(step(tracking('edx.video.played', '{}'))).toMatchObject({ kind: 'ignore' });
    expect(step(tracking('edx.completion.block_completion.changed', '{not json'))).toEqual({
      kind: 'park',
      reason: 'tracking_log.data is not JSON',
    });
    expect(step(tracking('edx.completion.block_completion.changed', '[1]'))).toMatchObject({
      kind: 'park',
    });
    // Encoded twice, user and course only in the context: still read.
    const twice = JSON.stringify(JSON.stringify({ block_id: 'b', completion: '0.5' }));
    expect(
      step(
        tracking(
          'edx.completion.block_completion.changed',
          twice,
          JSON.stringify({ user_id: 9, course_id: COURSE }),
        ),
      ),
    ).toMatchObject({
      fact: { learnerId: '9', courseId: COURSE, blockId: 'b', completion: 0.5, occurredAt: AT },
    });
    expect(
      step(
        tracking(
          'edx.completion.block_completion.changed',
          JSON.stringify({ user_id: 'x', course_id: COURSE, block_id: 'b', completion: 1 }),
        ),
      ),
    ).toEqual({
      kind: 'park',
      reason: 'tracking_log.data.user_id is not an LMS user id',
    });
  });
});

it('persistent_grade_summary.changed → the LMS grade; an empty passed time is not passed', () => {
  const passed = gradeSummaryEvent({
    userId: 3,
    courseKey: COURSE,
    percent: 0.82,
    letter: 'B',
    passed: AT,
    time: AT,
  });
  expect(step(passed)).toEqual({
    kind: 'fact',
    fact: {
      kind: 'lmsGrade',
      learnerId: '3',
      courseId: COURSE,
      percent: 0.82,
      letterGrade: 'B',
      passedAt: AT,
      occurredAt: AT,
    },
  });
  const failing = gradeSummaryEvent({
    userId: 3,
    courseKey: COURSE,
    percent: 1.5,
    letter: '',
    passed: null,
  });
  expect(step(failing)).toMatchObject({ fact: { percent: 1, passedAt: null } });
});

it('course_access_role added/removed → the arguments of applyCourseAccessRole', () => {
  const event = accessRoleEvent({ userId: 42, org: 'Org', courseKey: COURSE, role: 'staff' }, true);
  const prepared = step({ ...event, time: AT });
  expect(prepared).toEqual({
    kind: 'fact',
    fact: {
      kind: 'accessRole',
      learner: { id: '42', name: '', username: 'user42', email: 'user42@example.org' },
      change: {
        userId: '42',
        org: 'Org',
        courseId: COURSE,
        role: 'staff',
        added: true,
        occurredAt: AT,
      },
    },
  });
  const removed = step(
    accessRoleEvent({ userId: 42, org: 'Org', courseKey: '', role: 'instructor' }, false),
  );
  expect(removed).toMatchObject({
    fact: { change: { courseId: '', role: 'instructor', added: false } },
  });
});

it('structure events ask for a refresh of their course, with or without XBlockData.version', () => {
  const usageKey = 'block-v1:Org+Num+Run+type@problem+block@p1';
  const stored = {
    type: T.xblockPublished,
    data: { xblock_info: { usage_key: usageKey, block_type: 'problem' } },
  };
  expect(step(stored)).toEqual({ kind: 'refresh', courseKey: COURSE });
  // openedx-events 11.x writes `version` after block_type: ["null", string] = index 1, then the string.
  const current = Buffer.concat([
    avroOf(T.xblockPublished, stored.data),
    Buffer.from([2, 2, 0x76]),
  ]);
  expect(step(stored, { event_data: current })).toEqual({ kind: 'refresh', courseKey: COURSE });
  expect(
    step({
      type: T.xblockPublished,
      data: { xblock_info: { usage_key: 'lb:Org:lib:html:1', block_type: 'html' } },
    }),
  ).toMatchObject({ kind: 'ignore' });
  const catalog = {
    type: T.catalogInfo,
    data: {
      catalog_info: {
        course_key: COURSE,
        name: 'N',
        schedule_data: {
          start: '2026-01-01T00:00:00+00:00',
          pacing: 'self',
          end: null,
          enrollment_start: null,
          enrollment_end: null,
        },
        hidden: false,
        invitation_only: false,
      },
    },
  };
  expect(step(catalog)).toEqual({ kind: 'refresh', courseKey: COURSE });
});

describe('unusable entries are parked with the reason', () => {
  const event = enrollmentEvent({ userId: 1, courseKey: COURSE });
  it.each([
    [
      'an unknown type',
      { type: 'org.openedx.learning.unknown.v1' },
      'unknown event type "org.openedx.learning.unknown.v1"',
    ],
    [
      'bytes that are not Avro of the type',
      { event_data: Buffer.from([0xff, 0x01, 0x02]) },
      /^event_data is not Avro of org\.openedx\.learning\.course\.enrollment\.created\.v1/,
    ],
    ['no event_data', { event_data: null }, 'entry has no "event_data" field'],
    ['no id', { id: null }, 'entry has no usable "id"'],
    ['no time', { time: 'yesterday' }, 'entry has no ISO 8601 "time"'],
    ['no type', { type: null }, 'entry has no "type" field'],
  ])('%s', (_what, override, reason) => {
    const result = step(event, override);
    expect(result.kind).toBe('park');
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  it('Avro of another event type', () => {
    const other = gradeSummaryEvent({
      userId: 1,
      courseKey: COURSE,
      percent: 0.5,
      letter: 'C',
      passed: null,
    });
    expect(step(event, { event_data: avroOf(T.gradeSummary, other.data) })).toMatchObject({
      kind: 'park',
    });
  });
});
