import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { eventually } from '../issuance/helpers';
import { query, upsertCourse } from '../progress/helpers';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { completionEvent, OpenedxBusProducer, uniqueTopicPrefix } from '../support/openedx-bus';
import { type LaurelProcess, spawnLaurel } from '../support/process';
import { SHARED_REDIS_URL } from '../support/redis';

/**
 * A connector process killed after reading a batch but before committing it: its entries
 * stay pending in the group; the next connector process takes them over (XAUTOCLAIM) and
 * applies every message exactly once. Needs `npm run build` (it spawns dist/src/main.js).
 */
jest.setTimeout(90_000);

const TOPIC = 'analytics';
const LEARNERS = 20;
const BLOCKS = 10;
const prefix = uniqueTopicPrefix('crash');
let app: TestApp;
let bus: OpenedxBusProducer;
const processes: LaurelProcess[] = [];

beforeAll(async () => {
  app = await startTestApp({ LAUREL_ROLE: 'api' });
  bus = new OpenedxBusProducer(SHARED_REDIS_URL, prefix);
});
afterAll(async () => {
  for (const child of processes) {
    if (child.child.exitCode === null && child.child.signalCode === null)
      child.child.kill('SIGKILL');
    await child.exited;
  }
  await bus.redis.del(bus.stream(TOPIC));
  await bus.close();
  await app.stop();
});

function connector(env: Record<string, string> = {}): LaurelProcess {
  const child = spawnLaurel({
    LAUREL_ROLE: 'connector',
    DATABASE_URL: app.databaseUrl,
    LAUREL_HOME: app.config.home,
    AUTH_JWT_SECRET: TEST_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    RECONCILE_CRON: 'off',
    OPENEDX_EVENT_BUS_URL: SHARED_REDIS_URL,
    OPENEDX_TOPIC_PREFIX: prefix,
    OPENEDX_TOPICS: TOPIC,
    OPENEDX_BATCH_SIZE: '50',
    OPENEDX_BLOCK_MS: '200',
    OPENEDX_CLAIM_MIN_IDLE_MS: '500',
    ...env,
  });
  processes.push(child);
  return child;
}

it('nothing is lost or counted twice when a connector dies between read and acknowledgement', async () => {
  const tag = randomBytes(3).toString('hex');
  const courseId = `course-v1:Crash+C${tag}+2026`;
  const blocks = Array.from(
    { length: BLOCKS },
    (_, i) => `block-v1:Crash+C${tag}+2026+type@html+block@b${i}`,
  );
  await upsertCourse(app, {
    id: courseId,
    title: 'Crash',
    gradingPolicy: [],
    blocks: blocks.map((id) => ({ id, optional: false })),
    gradedItems: [],
  });
  const t0 = Date.parse('2026-02-01T00:00:00Z');
  const events = Array.from({ length: LEARNERS * BLOCKS }, (_, i) =>
    completionEvent({
      userId: 7000 + Math.floor(i / BLOCKS),
      courseKey: courseId,
      blockId: blocks[i % BLOCKS],
      completion: 1,
      modified: new Date(t0 + i * 1000),
    }),
  );
  await bus.sendMany(TOPIC, events);

  const first = connector({ OPENEDX_TEST_CRASH_AFTER_READ: '1' });
  await first.exited;
  expect(first.child.signalCode).toBe('SIGKILL');
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    const [pending] = (await redis.xpending(bus.stream(TOPIC), 'laurel')) as [number];
    expect(pending).toBe(50);
    const handled = await query<{ count: number }>(
      app,
      'select count(*)::int as count from connector_message',
    );
    expect(handled[0].count).toBe(0);

    const second = connector();
    await second.waitFor(/Laurel is ready/);
    await eventually(
      async () => {
        const [row] = await query<{ count: number }>(
          app,
          'select count(*)::int as count from block_completion',
        );
        const [left] = (await redis.xpending(bus.stream(TOPIC), 'laurel')) as [number];
        return row.count === events.length && left === 0 ? true : undefined;
      },
      30_000,
      'every completion applied and acknowledged',
    );
    await eventually(async () => {
      const [totals] = await query<{ processed: string }>(
        app,
        'select processed from connector_stream',
      );
      return totals?.processed === String(events.length) ? true : undefined;
    });
    const [messages] = await query<{ count: number }>(
      app,
      'select count(*)::int as count from connector_message',
    );
    expect(messages.count).toBe(events.length);
    expect(second.output()).toMatch(/took over entries a stopped consumer left unacknowledged/);
    const readyz = await fetch(
      `${(/"url":"([^"]+)"/.exec(await second.waitFor(/Laurel is ready/)) ?? [])[1]}/readyz`,
    );
    expect(readyz.status).toBe(200);
  } finally {
    redis.disconnect();
  }
});
