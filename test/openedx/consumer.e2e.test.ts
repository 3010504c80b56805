import { randomBytes } from 'node:crypto';
import {
  ConnectorFailuresDocument,
  ConnectorStatusDocument,
  OpenedxProgressDocument,
  ReplayConnectorFailureDocument,
} from '../operations/generated';
import { eventually, FAST_JOBS } from '../issuance/helpers';
import {
  createConfiguration,
  completion,
  grade,
  ok,
  query,
  upsertCourse,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import {
  completionEvent,
  enrollmentEvent,
  forumEvent,
  gradeSummaryEvent,
  OpenedxBusProducer,
  subsectionGradeEvent,
  T,
  uniqueTopicPrefix,
  uuid1,
} from '../support/openedx-bus';
import { SHARED_REDIS_URL } from '../support/redis';

/**
 * The consumer end to end: entries written as event-bus-redis writes them, through the
 * machine's Redis, into learnerProgress and an issued credential; deduplication, event-time
 * order, dead letters that never stop the stream, replay, status and metrics.
 */
jest.setTimeout(60_000);

const ENROLLMENTS = 'learning-course-enrollment-lifecycle';
const TRACKING = 'analytics';
const GRADES = 'learning-course-grade-lifecycle';
const FORUM = 'learning-forum-lifecycle';
const prefix = uniqueTopicPrefix('consumer');
let app: TestApp;
let bus: OpenedxBusProducer;

beforeAll(async () => {
  app = await startTestApp({
    ...FAST_JOBS,
    OPENEDX_EVENT_BUS_URL: SHARED_REDIS_URL,
    OPENEDX_TOPIC_PREFIX: prefix,
    OPENEDX_TOPICS: [ENROLLMENTS, TRACKING, GRADES, FORUM].join(','),
    OPENEDX_BLOCK_MS: '200',
  });
  bus = new OpenedxBusProducer(SHARED_REDIS_URL, prefix);
});
afterAll(async () => {
  await bus.redis.del(...[ENROLLMENTS, TRACKING, GRADES, FORUM].map((t) => bus.stream(t)));
  await bus.close();
  await app.stop();
});

const T0 = Date.parse('2026-02-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** A course of 10 blocks and one 100-point Exam subsection, created as the LMS importer would. */
async function course(tag = randomBytes(3).toString('hex')) {
  const id = `course-v1:Bus+E${tag}+2026`;
  const blocks = Array.from(
    { length: 10 },
    (_, i) => `block-v1:Bus+E${tag}+2026+type@problem+block@p${i}`,
  );
  const exam = `block-v1:Bus+E${tag}+2026+type@sequential+block@exam`;
  await upsertCourse(app, {
    id,
    title: `Course ${tag}`,
    gradingPolicy: [{ assignmentType: 'Exam', weight: 1 }],
    blocks: blocks.map((blockId) => ({ id: blockId, optional: false })),
    gradedItems: [{ id: exam, assignmentType: 'Exam', possiblePoints: 100 }],
  });
  return { id, blocks, exam };
}

async function progressOf(learnerId: string, courseId: string) {
  const data = await ok(app.gql(OpenedxProgressDocument, { learnerId, courseId }, app.adminToken));
  return data.learnerProgress[0];
}

const completionOf = async (learnerId: string, blockId: string) =>
  (
    await query<{ completion: number }>(
      app,
      'select completion from block_completion where learner_id = $1 and block_id = $2',
      [learnerId, blockId],
    )
  )[0]?.completion;

it('enrollment, completions and a subsection grade through Redis: progress current, credential issued', async () => {
  const c = await course();
  await createConfiguration(app, {
    courseId: c.id,
    requirements: [completion(0.8), grade(0.5)],
    autoIssue: true,
  });
  await bus.send(
    ENROLLMENTS,
    enrollmentEvent({
      userId: 1001,
      username: 'ada',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      courseKey: c.id,
      mode: 'verified',
      time: at(0),
    }),
  );
  await bus.sendMany(
    TRACKING,
    c.blocks.slice(0, 9).map((blockId, i) =>
      completionEvent({
        userId: 1001,
        courseKey: c.id,
        blockId,
        completion: 1,
        modified: at(1 + i),
      }),
    ),
  );
  await bus.send(
    TRACKING,
    subsectionGradeEvent({
      userId: 1001,
      courseKey: c.id,
      subsectionId: c.exam,
      earned: 3,
      possible: 4,
      at: at(20),
    }),
  );
  // One learnerProgress answer is read by more than one statement, so a poll that
  // straddles the commit of the batch that made Ada eligible can see her credential
  // beside the evaluation from before it; wait for both.
  const progress = await eventually(async () => {
    const found = await progressOf('1001', c.id);
    return found.credential && found.eligible ? found : undefined;
  });
  expect(progress).toMatchObject({
    enrolled: true,
    enrollmentMode: 'verified',
    eligible: true,
    progress: 1,
  });
  expect(progress.requirements.map((r) => [r.kind, r.current])).toEqual([
    ['COMPLETION', 0.9],
    ['GRADE', 0.75],
  ]);
  const [learner] = await query<{ name: string; username: string; email: string }>(
    app,
    `select name, username, email from learner where id = '1001'`,
  );
  expect(learner).toEqual({ name: 'Ada Lovelace', username: 'ada', email: 'ada@example.org' });

  await bus.send(
    GRADES,
    gradeSummaryEvent({
      userId: 1001,
      courseKey: c.id,
      percent: 0.78,
      letter: 'Pass',
      passed: at(21),
      time: at(21),
    }),
  );
  const withGrade = await eventually(async () => {
    const found = await progressOf('1001', c.id);
    return found.lmsGrade ? found : undefined;
  });
  expect(withGrade.lmsGrade).toEqual({
    percent: 0.78,
    letterGrade: 'Pass',
    passed: true,
    passedAt: at(21).toISOString(),
  });
  await eventually(async () =>
    (await progressOf('1001', c.id)).credential?.status === 'AVAILABLE' ? true : undefined,
  );
});

it('forum threads, responses and comments count as DISCUSSION posts; a flagged one does not', async () => {
  const c = await course();
  await createConfiguration(app, {
    courseId: c.id,
    requirements: [{ kind: 'DISCUSSION', min: 1, minPosts: 3, minDistinctDays: 2 }],
    autoIssue: true,
  });
  const user = { userId: 5001, username: 'grace', name: 'Grace Hopper', courseKey: c.id };
  await bus.send(ENROLLMENTS, enrollmentEvent({ ...user, mode: 'verified', time: at(0) }));
  await bus.sendMany(FORUM, [
    forumEvent({ ...user, threadId: 't1', time: at(1) }),
    // Flagged as abuse by the time it was sent: it does not count.
    forumEvent({ ...user, threadId: 't2', time: at(2), options: { abuse_flagged: true } }),
    forumEvent({ ...user, threadId: 't1', time: at(3) }, T.forumResponse),
  ]);
  const firstDay = await eventually(async () => {
    const [row] = await query<{ count: number }>(
      app,
      `select count(*)::int as count from discussion_post where learner_id = '5001'`,
    );
    return row.count === 3 ? row : undefined;
  });
  expect(firstDay.count).toBe(3);
  expect((await progressOf('5001', c.id)).eligible).toBe(false);

  // A comment a day later: three posts that count, on two days.
  await bus.send(
    FORUM,
    forumEvent({ ...user, threadId: 't1', time: at(24 * 60 + 5) }, T.forumComment),
  );
  const progress = await eventually(async () => {
    const found = await progressOf('5001', c.id);
    return found.credential ? found : undefined;
  });
  expect(progress).toMatchObject({
    eligible: true,
    requirements: [{ kind: 'DISCUSSION', met: true }],
  });
  const posts = await query<{ post_kind: string; flagged: boolean | null }>(
    app,
    `select post_kind, flagged from discussion_post where learner_id = '5001' order by posted_at`,
  );
  expect(posts).toEqual([
    { post_kind: 'thread', flagged: null },
    { post_kind: 'thread', flagged: true },
    { post_kind: 'response', flagged: null },
    { post_kind: 'comment', flagged: null },
  ]);
});

it('a message delivered twice (same id) counts once', async () => {
  const c = await course();
  const id = uuid1();
  const first = completionEvent({
    userId: 2001,
    courseKey: c.id,
    blockId: c.blocks[0],
    completion: 0.5,
    modified: at(1),
  });
  const again = completionEvent({
    userId: 2001,
    courseKey: c.id,
    blockId: c.blocks[0],
    completion: 1,
    modified: at(2),
  });
  await bus.send(TRACKING, { ...first, id });
  await bus.send(TRACKING, { ...again, id });
  const marker = completionEvent({
    userId: 2001,
    courseKey: c.id,
    blockId: c.blocks[1],
    completion: 1,
    modified: at(3),
  });
  await bus.send(TRACKING, marker);
  await eventually(async () =>
    (await completionOf('2001', c.blocks[1])) === 1 ? true : undefined,
  );
  expect(await completionOf('2001', c.blocks[0])).toBe(0.5);
  const metrics = await (await fetch(app.laurel.url.replace(/graphql$/, 'metrics'))).text();
  expect(metrics).toMatch(
    new RegExp(
      `laurel_connector_messages_total\\{stream="${bus.stream(TRACKING)}",outcome="duplicate"\\} 1\\b`,
    ),
  );
});

it('an older completion arriving after a newer one changes nothing', async () => {
  const c = await course();
  const complete = (block: string, completion: number, minutes: number) =>
    bus.send(
      TRACKING,
      completionEvent({
        userId: 3001,
        courseKey: c.id,
        blockId: block,
        completion,
        modified: at(minutes),
      }),
    );
  await complete(c.blocks[0]!, 1, 10);
  await complete(c.blocks[0]!, 0.2, 5);
  await complete(c.blocks[1]!, 1, 5);
  await eventually(async () =>
    (await completionOf('3001', c.blocks[1])) === 1 ? true : undefined,
  );
  expect(await completionOf('3001', c.blocks[0])).toBe(1);
});

describe('dead letters', () => {
  const failures = async (token = app.adminToken) =>
    app.gql(ConnectorFailuresDocument, { first: 50, unresolvedOnly: true }, token);
  const failureFor = async (messageId: string) => {
    const data = await ok(failures());
    return data.connectorFailures.edges.map((e) => e.node).find((n) => n.messageId === messageId);
  };

  it('undecodable bytes and an unknown type are parked, visible to admins, and the stream goes on', async () => {
    const c = await course();
    const garbled = {
      ...completionEvent({
        userId: 4001,
        courseKey: c.id,
        blockId: c.blocks[0],
        completion: 1,
        modified: at(1),
      }),
      id: uuid1(),
      rawData: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    };
    const unknown = {
      type: 'org.openedx.learning.something.new.v1',
      data: {},
      rawData: Buffer.from([0]),
      id: uuid1(),
    };
    await bus.send(TRACKING, garbled);
    await bus.send(TRACKING, unknown);
    await bus.send(
      TRACKING,
      completionEvent({
        userId: 4001,
        courseKey: c.id,
        blockId: c.blocks[1],
        completion: 1,
        modified: at(2),
      }),
    );
    await eventually(async () =>
      (await completionOf('4001', c.blocks[1])) === 1 ? true : undefined,
    );

    const parked = await failureFor(garbled.id);
    expect(parked).toMatchObject({
      stream: bus.stream(TRACKING),
      eventType: 'org.openedx.analytics.tracking.event.emitted.v1',
      reason: expect.stringMatching(
        /^event_data is not Avro of org\.openedx\.analytics\.tracking\.event\.emitted\.v1/,
      ),
      attempts: 1,
      resolvedAt: null,
    });
    expect(await failureFor(unknown.id)).toMatchObject({
      reason: 'unknown event type "org.openedx.learning.something.new.v1"',
    });
    const [bytes] = await query<{ event_data: Buffer; fields: Record<string, string> }>(
      app,
      'select event_data, fields from connector_failure where message_id = $1',
      [garbled.id],
    );
    expect(bytes.event_data).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(bytes.fields).toMatchObject({
      id: garbled.id,
      source: 'openedx/lms/web',
      sourcelib: '11.2.0',
      minorversion: '0',
    });

    // Replaying bytes that still do not decode: parked again, one more attempt.
    const replayed = await ok(
      app.gql(ReplayConnectorFailureDocument, { id: parked!.id }, app.adminToken),
    );
    expect(replayed.replayConnectorFailure).toMatchObject({ attempts: 2, resolvedAt: null });
  });

  it('a fact for a course Laurel does not know is parked; replayed once the course exists, it is applied', async () => {
    const tag = randomBytes(3).toString('hex');
    const courseId = `course-v1:Bus+E${tag}+2026`;
    const blockId = `block-v1:Bus+E${tag}+2026+type@problem+block@p0`;
    const event = {
      ...completionEvent({
        userId: 5001,
        courseKey: courseId,
        blockId,
        completion: 1,
        modified: at(1),
      }),
      id: uuid1(),
    };
    await bus.send(TRACKING, event);
    const parked = await eventually(() => failureFor(event.id));
    expect(parked.reason).toBe(`course "${courseId}" is not known to Laurel`);

    await course(tag);
    const replayed = await ok(
      app.gql(ReplayConnectorFailureDocument, { id: parked.id }, app.adminToken),
    );
    expect(replayed.replayConnectorFailure.resolvedAt).not.toBeNull();
    expect(await completionOf('5001', blockId)).toBe(1);
    expect(await failureFor(event.id)).toBeUndefined();
  });

  it('a time in the future is parked; the rest of its batch is applied', async () => {
    const c = await course();
    const future = {
      ...completionEvent({
        userId: 6001,
        courseKey: c.id,
        blockId: c.blocks[0],
        completion: 1,
        modified: new Date('2099-01-01T00:00:00Z'),
      }),
      id: uuid1(),
    };
    await bus.sendMany(TRACKING, [
      future,
      completionEvent({
        userId: 6001,
        courseKey: c.id,
        blockId: c.blocks[1],
        completion: 1,
        modified: at(1),
      }),
    ]);
    await eventually(async () =>
      (await completionOf('6001', c.blocks[1])) === 1 ? true : undefined,
    );
    expect(await completionOf('6001', c.blocks[0])).toBeUndefined();
    expect((await eventually(() => failureFor(future.id))).reason).toBe(
      'its time 2099-01-01T00:00:00.000Z is in the future',
    );
  });

  it('are for admins only', async () => {
    const learner = await app.token({ subject: '1001' });
    for (const response of [
      await failures(learner),
      await app.gql(ConnectorStatusDocument, {}, learner),
      await app.gql(
        ReplayConnectorFailureDocument,
        { id: '00000000-0000-4000-8000-000000000000' },
        learner,
      ),
    ]) {
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const missing = await app.gql(ReplayConnectorFailureDocument, { id: 'nope' }, app.adminToken);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

it('connectorStatus and /metrics show each stream: lag, pending, totals, last event', async () => {
  const status = await eventually(async () => {
    const data = await ok(app.gql(ConnectorStatusDocument, {}, app.adminToken));
    const tracking = data.connectorStatus.streams.find((s) => s.stream === bus.stream(TRACKING));
    return tracking?.lag === 0 && tracking.pending === 0 ? data.connectorStatus : undefined;
  });
  expect(status).toMatchObject({ configured: true, connected: true, consumerGroup: 'laurel' });
  const tracking = status.streams.find((s) => s.stream === bus.stream(TRACKING))!;
  expect(tracking).toMatchObject({ exists: true, consumers: 1 });
  expect(tracking.processed).toBeGreaterThan(10);
  expect(tracking.parked).toBeGreaterThanOrEqual(2);
  expect(tracking.unresolvedFailures).toBeGreaterThanOrEqual(2);
  expect(tracking.lastEventAt).not.toBeNull();
  const metrics = await (await fetch(app.laurel.url.replace(/graphql$/, 'metrics'))).text();
  const stream = bus.stream(TRACKING);
  expect(metrics).toContain(`laurel_connector_lag{stream="${stream}"} 0`);
  expect(metrics).toMatch(
    new RegExp(`laurel_connector_messages_total\\{stream="${stream}",outcome="parked"\\} [1-9]`),
  );
  expect(metrics).toMatch(
    new RegExp(`laurel_connector_messages_total\\{stream="${stream}",outcome="processed"\\} [1-9]`),
  );
  expect(metrics).toContain('laurel_connector_connected 1');
  expect(metrics).toMatch(
    new RegExp(`laurel_connector_last_event_timestamp_seconds\\{stream="${stream}"\\} \\d`),
  );
});
