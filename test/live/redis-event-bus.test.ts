import pino from 'pino';
import { PROGRESS_CHANGED } from '../../src/modules/progress/progress.live';
import { RedisEventBus } from '../../src/shared/redis-event-bus';
import { ProgressChangedDocument } from '../operations/generated';
import {
  completion,
  at,
  completions,
  createConfiguration,
  done,
  enrollment,
  ok,
  record,
  testCourse,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';
import { startTestApp } from '../support/app';
import { type OwnRedis, SHARED_REDIS_URL, startOwnRedis, uniquePrefix } from '../support/redis';
import { bearer, connect, until, watch } from '../support/ws';

/** The Redis bus on a real Redis: fan-out between buses, isolation, and an outage. */
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
const buses: RedisEventBus[] = [];

function bus(url: string, prefix: string): RedisEventBus {
  const created = new RedisEventBus({ url, channelPrefix: prefix, logger, commandTimeoutMs: 500 });
  buses.push(created);
  return created;
}

function collect(target: RedisEventBus, topic = 'topic'): object[] {
  const received: object[] = [];
  target.subscribe(topic, (payload) => received.push(payload as object));
  return received;
}

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

it('delivers to every bus on the prefix once, the publisher itself included', async () => {
  const prefix = uniquePrefix('fanout');
  const [a, b, c] = [
    bus(SHARED_REDIS_URL, prefix),
    bus(SHARED_REDIS_URL, prefix),
    bus(SHARED_REDIS_URL, prefix),
  ];
  const received = [collect(a), collect(b), collect(c)];
  const otherTopic = collect(b, 'other');
  const elsewhere = bus(SHARED_REDIS_URL, uniquePrefix('elsewhere'));
  const isolated = collect(elsewhere);
  await Promise.all([a, b, c, elsewhere].map((x) => x.ready()));

  for (let i = 0; i < 20; i += 1) await a.publish('topic', { i });
  await b.publish('topic', { from: 'b' });
  const expected = [...Array.from({ length: 20 }, (_, i) => ({ i })), { from: 'b' }];
  await until(() => received.every((r) => r.length >= expected.length), 'every event everywhere');
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Once each, the publisher's own subscribers included; one publisher's events in order (b
  // hears its own event at once, before a's have come back through Redis).
  for (const r of received) {
    expect(r).toHaveLength(expected.length);
    expect(r.filter((e) => 'i' in e)).toEqual(expected.slice(0, 20));
    expect(r).toContainEqual({ from: 'b' });
  }
  expect(otherTopic).toEqual([]);
  expect(isolated).toEqual([]);
});

describe('a Redis outage', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(() => redis.kill());
  // Each case starts with its Redis up, whatever the one before left.
  beforeEach(() => redis.ensureRunning());

  it('neither blocks nor fails a publisher, and events flow again once Redis is back', async () => {
    const prefix = uniquePrefix('outage');
    const a = bus(redis.url, prefix);
    const b = bus(redis.url, prefix);
    const [atA, atB] = [collect(a), collect(b)];
    await Promise.all([a.ready(), b.ready()]);
    await a.publish('topic', { n: 1 });
    await until(() => atB.length === 1, 'the first event');

    await redis.kill();
    const started = Date.now();
    await a.publish('topic', { n: 2 });
    expect(Date.now() - started).toBeLessThan(1500);
    // The publisher's own subscribers still hear it; the other process misses it.
    expect(atA).toEqual([{ n: 1 }, { n: 2 }]);
    // Both are logged: the lost event, and the outage (from the connection's close event,
    // which may come a moment after the failed command).
    await until(
      () => logLines.some((line) => line.includes('an event could not be sent through Redis')),
      'the lost event to be logged',
    );
    await until(
      () => logLines.some((line) => line.includes('Redis is unreachable')),
      'the outage to be logged',
    );

    await redis.start();
    // Both links reconnect and the subscriber resubscribes by itself.
    await until(
      () => logLines.filter((line) => line.includes('Redis is reachable again')).length >= 2,
      'both connections back',
      15_000,
    );
    let n = 3;
    await until(
      () => {
        void a.publish('topic', { n: n++ });
        return atB.length > 1;
      },
      'events to reach the other bus again',
      15_000,
    );
    expect(atB[0]).toEqual({ n: 1 });
    expect(atB).not.toContainEqual({ n: 2 });
  }, 40_000);

  it('an app boots without its Redis, serves its own subscribers, and shares once Redis is up', async () => {
    await redis.kill();
    const prefix = uniquePrefix('app');
    const started = Date.now();
    const app = await startTestApp({ REDIS_URL: redis.url, REDIS_CHANNEL_PREFIX: prefix });
    try {
      expect(Date.now() - started).toBeLessThan(20_000);
      const course = testCourse('course-v1:Outage+C+2026', { blocks: 4 });
      await upsertCourse(app, course);
      await createConfiguration(app, { courseId: course.id, requirements: [completion(0.5)] });
      await upsertLearners(app, ['ola']);
      const client = connect(app.laurel.url, bearer(app.adminToken));
      await client.connected;
      const watching = watch(client, ProgressChangedDocument, {});
      await until(() => app.laurel.live.progress.size === 1, 'the watch');
      await ok(
        record(app, {
          enrollments: [enrollment('ola', { courseId: course.id })],
          completions: completions('ola', course, done(1)),
        }),
      );
      expect((await watching.next()).progressChanged).toMatchObject({ learnerId: 'ola' });

      await redis.start();
      const elsewhere = bus(redis.url, prefix);
      const heard = collect(elsewhere, PROGRESS_CHANGED);
      await elsewhere.ready();
      // The app's publisher reconnects by itself; until then its events stay in the process.
      for (let minute = 2; heard.length === 0; minute += 1) {
        expect(minute).toBeLessThan(200);
        await ok(
          record(app, {
            completions: completions('ola', course, done(1, [(minute % 9) / 10]), at(minute)),
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.dispose();
    } finally {
      await app.stop();
    }
  }, 60_000);
});
