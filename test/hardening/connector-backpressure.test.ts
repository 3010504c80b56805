import { loadConfig } from '../../src/config';
import { openOrm, type Orm } from '../../src/db/orm';
import { type ConnectorRuntime, startConnector } from '../../src/modules/openedx';
import { type Admission, createAdmission, ingestRoom } from '../../src/server/admission';
import { createLogger } from '../../src/shared/logger';
import { createMetrics, type Metrics } from '../../src/shared/metrics';
import { startTestApp, type TestApp } from '../support/app';
import { completionEvent, OpenedxBusProducer, uniqueTopicPrefix } from '../support/openedx-bus';
import { SHARED_REDIS_URL } from '../support/redis';
import { until } from '../support/ws';

/**
 * The Open edX connector under overload: while admission control has no place for ingest,
 * the connector applies nothing and leaves what it read in the stream, unacknowledged;
 * once places free it applies every entry. Backpressure, not loss.
 */
jest.setTimeout(60_000);

const TOPIC = 'analytics';
const prefix = uniqueTopicPrefix('backpressure');
let app: TestApp;
let orm: Orm;
let bus: OpenedxBusProducer;
let admission: Admission;
let metrics: Metrics;
let connector: ConnectorRuntime;

beforeAll(async () => {
  app = await startTestApp();
  orm = await openOrm({ url: app.databaseUrl });
  bus = new OpenedxBusProducer(SHARED_REDIS_URL, prefix);
  const config = loadConfig({
    DATABASE_URL: app.databaseUrl,
    OPENEDX_EVENT_BUS_URL: SHARED_REDIS_URL,
    OPENEDX_TOPIC_PREFIX: prefix,
    OPENEDX_TOPICS: TOPIC,
    OPENEDX_BLOCK_MS: '100',
    ADMISSION_MIN_IN_FLIGHT: '2',
    ADMISSION_MAX_IN_FLIGHT: '2',
    ADMISSION_INGEST_WAIT_MS: '100',
  });
  admission = createAdmission(config.admission);
  metrics = createMetrics();
  connector = startConnector({
    config,
    orm,
    logger: createLogger('silent'),
    metrics,
    listeners: [],
    consume: true,
    room: ingestRoom(admission),
  });
});
afterAll(async () => {
  await connector?.stop();
  admission?.stop();
  await bus?.redis.del(bus.stream(TOPIC));
  await bus?.close();
  await orm?.close(true);
  await app?.stop();
});

async function handled(): Promise<number> {
  const { values } = await metrics.connectorMessages.get();
  return values.reduce((sum, { value }) => sum + value, 0);
}

it('reads slower while there is no place for ingest, and loses nothing', async () => {
  // Reads and admin work fill every place.
  const held = await Promise.all([admission.admit('interactive'), admission.admit('interactive')]);
  const shed: string[] = [];
  admission.onShed((reason, priority) => shed.push(`${priority}:${reason}`));
  const events = Array.from({ length: 20 }, (_, i) =>
    completionEvent({
      userId: 9000 + i,
      courseKey: 'course-v1:Back+P+2026',
      blockId: `block-v1:Back+P+2026+type@problem+block@p${i}`,
      completion: 1,
      modified: new Date(),
    }),
  );
  await bus.sendMany(TOPIC, events);
  await until(() => shed.length >= 2, 'the connector asking for a place twice', 10_000);
  expect(shed.every((entry) => entry === 'ingest:queue_timeout')).toBe(true);
  expect(await handled()).toBe(0);
  // What it read waits in the stream, unacknowledged.
  expect((await connector.consumer!.status())[0]!.pending).toBeGreaterThan(0);

  for (const decision of held) if (decision.admitted) decision.release();
  const deadline = Date.now() + 20_000;
  while ((await handled()) < events.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await handled()).toBe(events.length);
  const [status] = await connector.consumer!.status();
  expect(status).toMatchObject({ pending: 0 });
});
