/**
 * The Open edX connector (issue: event-bus consumer): 100,000 completion events, written
 * to a Redis stream as event-bus-redis writes them (pipelined), drained by one connector
 * process (LAUREL_ROLE=connector). Prints events/s, the time until the last learner's
 * progress is current, and the connector's memory before and after.
 * Redis: BENCH_REDIS_URL, default redis://127.0.0.1:6379.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startLaurel } from '../src/app';
import { loadConfig } from '../src/config';
import { migrate, openOrm } from '../src/db/orm';
import { issueToken } from '../src/server/auth/issue-token';
import { createLogger } from '../src/shared/logger';
import {
  completionEvent,
  OpenedxBusProducer,
  uniqueTopicPrefix,
} from '../test/support/openedx-bus';
import { benchDatabase } from './database';
import { gql, mib, rss, spawnReady, stopChildren } from './support';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEARNERS = 1000;
const BLOCKS = 100;
const EVENTS = LEARNERS * BLOCKS;
const TOPIC = 'analytics';
const COURSE = 'course-v1:Bench+Connector+2026';
const blockId = (b: number) => `block-v1:Bench+Connector+2026+type@problem+block@p${b}`;
const learnerId = (l: number) => String(100_000 + l);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The course, a credential configuration on it, the learners and their enrollments. */
async function seed(url: string, home: string, databaseUrl: string): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LAUREL_HOME: home,
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    LAUREL_ROLE: 'api',
    RECONCILE_CRON: 'off',
  });
  const laurel = await startLaurel(config, createLogger('warn'));
  try {
    const admin = await issueToken(SECRET, { subject: 'bench-admin', admin: true });
    await gql(
      laurel.url,
      admin,
      `mutation($input: CourseInput!) { upsertCourse(input: $input) { id } }`,
      {
        input: {
          id: COURSE,
          title: 'Connector bench',
          gradingPolicy: [],
          blocks: Array.from({ length: BLOCKS }, (_, b) => ({ id: blockId(b), optional: false })),
          gradedItems: [],
        },
      },
    );
    await gql(
      laurel.url,
      admin,
      `mutation($input: CredentialConfigurationInput!) { createCredentialConfiguration(input: $input) { id } }`,
      {
        input: {
          name: 'Certificate',
          courseId: COURSE,
          requirements: [{ kind: 'COMPLETION', min: 0.8 }],
          autoIssue: false,
        },
      },
    );
  } finally {
    await laurel.stop();
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into learner (id, name) select (100000 + g)::text, 'Learner ' || g from generate_series(0, $1 - 1) g`,
      [LEARNERS],
    );
    await client.query(
      `insert into enrollment (id, learner_id, course_id, active, occurred_at)
       select gen_random_uuid(), (100000 + g)::text, $2, true, '2026-01-01' from generate_series(0, $1 - 1) g`,
      [LEARNERS, COURSE],
    );
  } finally {
    await client.end();
  }
}

/**
 * Completions in the order a busy course makes them: every learner's block b, then b + 1.
 * Round 2 sends them all again, later (newer facts, written again).
 */
function* events(round = 1) {
  const t0 = Date.parse('2026-02-01T00:00:00Z') + (round - 1) * 86_400_000;
  for (let i = 0; i < EVENTS; i++) {
    const b = Math.floor(i / LEARNERS);
    const l = i % LEARNERS;
    yield completionEvent({
      userId: 100_000 + l,
      courseKey: COURSE,
      blockId: blockId(b),
      completion: 1,
      modified: new Date(t0 + i * 10),
    });
  }
}

export async function main(): Promise<void> {
  const database = await benchDatabase('laurel_bench_connector');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-home-'));
  const prefix = uniqueTopicPrefix('bench');
  const bus = new OpenedxBusProducer(REDIS_URL, prefix, { maxLen: null });
  let connector: ChildProcess | null = null;
  const db = new Client({ connectionString: database.url });
  try {
    const orm = await openOrm({ url: database.url });
    await migrate(orm);
    await orm.close();
    await seed(database.url, home, database.url);

    const produceStarted = performance.now();
    await bus.sendMany(TOPIC, events(), 2000);
    const produceMs = performance.now() - produceStarted;
    console.log(
      `produced ${EVENTS.toLocaleString('en')} completion events (${LEARNERS} learners × ${BLOCKS} blocks) in ${(produceMs / 1000).toFixed(1)} s (${Math.round(EVENTS / (produceMs / 1000)).toLocaleString('en')} events/s, pipelined XADD)`,
    );

    connector = await spawnReady(
      'connector',
      path.join(__dirname, '../src/main.js'),
      {
        LAUREL_ROLE: 'connector',
        PORT: '0',
        HOST: '127.0.0.1',
        LAUREL_HOME: home,
        DATABASE_URL: database.url,
        AUTH_JWT_SECRET: SECRET,
        // 'Laurel is ready' is an info line.
        LOG_LEVEL: 'info',
        RECONCILE_CRON: 'off',
        OPENEDX_EVENT_BUS_URL: REDIS_URL,
        OPENEDX_TOPIC_PREFIX: prefix,
        OPENEDX_TOPICS: TOPIC,
      },
      'Laurel is ready',
    );
    const started = performance.now();
    const rssBefore = await rss(connector.pid!);
    let rssPeak = rssBefore;
    await db.connect();
    const lastLearner = learnerId(LEARNERS - 1);
    let drainedMs: number | null = null;
    let currentMs: number | null = null;
    while (drainedMs === null || currentMs === null) {
      await sleep(100);
      rssPeak = Math.max(rssPeak, await rss(connector.pid!));
      if (drainedMs === null) {
        const { rows } = await db.query<{ processed: string }>(
          'select processed from connector_stream',
        );
        if (Number(rows[0]?.processed ?? 0) >= EVENTS) drainedMs = performance.now() - started;
      }
      if (currentMs === null) {
        // The stored evaluation learnerProgress serves: current once it counts every block.
        const { rows } = await db.query<{ progress: number }>(
          `select (evaluation->>'progress')::float8 as progress from learner_eligibility where learner_id = $1`,
          [lastLearner],
        );
        const { rows: done } = await db.query<{ n: number }>(
          `select count(*)::int as n from block_completion where learner_id = $1`,
          [lastLearner],
        );
        if (rows[0]?.progress === 1 && done[0].n === BLOCKS)
          currentMs = performance.now() - started;
      }
      if (performance.now() - started > 600_000)
        throw new Error('the connector did not drain in 10 minutes');
    }
    const rssAfter = await rss(connector.pid!);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from block_completion',
    );
    console.log(
      `one connector process drained ${EVENTS.toLocaleString('en')} events in ${(drainedMs / 1000).toFixed(1)} s: ${Math.round(EVENTS / (drainedMs / 1000)).toLocaleString('en')} events/s (${rows[0].n.toLocaleString('en')} completions stored)\n` +
        `the last learner's progress was current ${(currentMs / 1000).toFixed(1)} s after the connector started\n` +
        `connector RSS: ${mib(rssBefore).toFixed(0)} MiB before, ${mib(rssPeak).toFixed(0)} MiB peak, ${mib(rssAfter).toFixed(0)} MiB after`,
    );

    // Round 2: the same number again, newer, into the running connector: memory must not grow.
    await bus.sendMany(TOPIC, events(2), 2000);
    const secondStarted = performance.now();
    let secondPeak = rssAfter;
    for (;;) {
      await sleep(100);
      secondPeak = Math.max(secondPeak, await rss(connector.pid!));
      const { rows: stream } = await db.query<{ processed: string }>(
        'select processed from connector_stream',
      );
      if (Number(stream[0]?.processed ?? 0) >= 2 * EVENTS) break;
      if (performance.now() - secondStarted > 600_000)
        throw new Error('the connector did not drain round 2 in 10 minutes');
    }
    const secondMs = performance.now() - secondStarted;
    console.log(
      `round 2, ${EVENTS.toLocaleString('en')} newer events into the running connector: ${Math.round(EVENTS / (secondMs / 1000)).toLocaleString('en')} events/s, ` +
        `RSS ${mib(secondPeak).toFixed(0)} MiB peak, ${mib(await rss(connector.pid!)).toFixed(0)} MiB after (after round 1: ${mib(rssAfter).toFixed(0)} MiB)`,
    );
  } finally {
    if (connector) await stopChildren([connector]);
    await db.end().catch(() => undefined);
    await bus.redis.del(bus.stream(TOPIC)).catch(() => undefined);
    await bus.close();
    await database.drop();
    await fs.rm(home, { recursive: true, force: true });
  }
}
