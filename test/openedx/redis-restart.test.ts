import { randomBytes } from 'node:crypto';
import { eventually } from '../issuance/helpers';
import { query, upsertCourse } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { completionEvent, OpenedxBusProducer } from '../support/openedx-bus';
import { type OwnRedis, startOwnRedis } from '../support/redis';

/**
 * A connector process (LAUREL_ROLE=connector) whose Redis goes away and comes back empty
 * on the same port: /readyz tells it, the consumer reconnects, makes its group again and
 * goes on reading.
 */
jest.setTimeout(60_000);

const TOPIC = 'analytics';
let redis: OwnRedis;
let api: TestApp;
let connector: TestApp;
let bus: OpenedxBusProducer;

beforeAll(async () => {
  redis = await startOwnRedis();
  api = await startTestApp({ LAUREL_ROLE: 'api' });
  connector = await startTestApp(
    {
      LAUREL_ROLE: 'connector',
      OPENEDX_EVENT_BUS_URL: redis.url,
      OPENEDX_TOPICS: TOPIC,
      OPENEDX_BLOCK_MS: '200',
    },
    { databaseUrl: api.databaseUrl },
  );
  bus = new OpenedxBusProducer(redis.url, '');
});
afterAll(async () => {
  await bus.close();
  await connector.stop();
  await api.stop();
  await redis.kill();
});

const readyz = async () => (await fetch(`${connector.laurel.url}/readyz`)).status;

it('reconnects and resumes after Redis restarts', async () => {
  const tag = randomBytes(3).toString('hex');
  const courseId = `course-v1:Restart+R${tag}+2026`;
  const blocks = [0, 1].map((i) => `block-v1:Restart+R${tag}+2026+type@html+block@b${i}`);
  await upsertCourse(api, {
    id: courseId,
    title: 'Restart',
    gradingPolicy: [],
    blocks: blocks.map((id) => ({ id, optional: false })),
    gradedItems: [],
  });
  const completed = async (blockId: string) =>
    (
      await query<{ count: number }>(
        api,
        'select count(*)::int as count from block_completion where block_id = $1',
        [blockId],
      )
    )[0].count === 1
      ? true
      : undefined;
  const send = (blockId: string) =>
    bus.send(
      TOPIC,
      completionEvent({
        userId: 11,
        courseKey: courseId,
        blockId,
        completion: 1,
        modified: new Date('2026-02-01T00:00:00Z'),
      }),
    );

  await eventually(async () => ((await readyz()) === 200 ? true : undefined));
  await send(blocks[0]);
  await eventually(() => completed(blocks[0]));

  await redis.kill();
  await eventually(
    async () => ((await readyz()) === 503 ? true : undefined),
    10_000,
    '/readyz 503',
  );
  expect(await (await fetch(`${connector.laurel.url}/readyz`)).json()).toEqual({
    status: 'event bus unreachable',
  });

  await redis.start();
  await eventually(
    async () => ((await readyz()) === 200 ? true : undefined),
    15_000,
    '/readyz 200',
  );
  await eventually(
    async () => {
      // The producer's own connection comes back too; a send may fail while it does.
      await send(blocks[1]).catch(() => undefined);
      return completed(blocks[1]);
    },
    20_000,
    'the completion sent after the restart',
  );
  const metrics = await (await fetch(`${connector.laurel.url}/metrics`)).text();
  expect(metrics).toContain('laurel_connector_connected 1');
});
