/**
 * Subscription benchmark. One api process (spawned, so that its memory and CPU are its own)
 * with REDIS_URL; the benchmark publishes events through Redis as another process would,
 * and runs the graphql-ws clients.
 *
 * 1. 1,000 clients subscribed to credentialEvents of one course; 100 events published at a
 *    steady pace (latency), then 100 at once (throughput): delivered messages/s,
 *    publish-to-receive p50/p99, server RSS per connection.
 * 2. 1,000 clients each on their own progressChanged; one learner's events: only that
 *    client receives them, and the server's CPU time per event stays what it is with one
 *    client.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client as Pg } from 'pg';
import { PROGRESS_CHANGED } from '../src/modules/progress';
import { issueToken } from '../src/server/auth/issue-token';
import { CREDENTIAL_EVENTS, type CredentialEventPayload } from '../src/shared/events';
import { createLogger } from '../src/shared/logger';
import { RedisEventBus } from '../src/shared/redis-event-bus';
import { type LaurelProcess, spawnLaurel } from '../test/support/process';
import { benchDatabase } from './database';
import { closeClients, openClients, sleep, until } from './live-clients';
import { cpuMs, gql, rss } from './support';
import { ms, summarize } from './stats';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const COURSE = 'course-v1:Bench+LIVE101+2026';
const CLIENTS = 1000;
const EVENTS = 100;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Setup {
  server: LaurelProcess;
  url: string;
  wsUrl: string;
  bus: RedisEventBus;
  configurationId: string;
  credentialIds: string[];
  stop(): Promise<void>;
}

async function setUp(): Promise<Setup> {
  const database = await benchDatabase('laurel_bench_live');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-live-'));
  const prefix = `laurel-bench:${randomBytes(6).toString('hex')}:`;
  const server = spawnLaurel({
    DATABASE_URL: database.url,
    LAUREL_HOME: home,
    LAUREL_ROLE: 'api',
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'info',
    REDIS_URL,
    REDIS_CHANNEL_PREFIX: prefix,
    RECONCILE_CRON: 'off',
  });
  const ready = JSON.parse(await server.waitFor(/Laurel is ready/, 60_000)) as { url: string };
  const url = ready.url.replace('//localhost:', '//127.0.0.1:');
  const bus = new RedisEventBus({
    url: REDIS_URL,
    channelPrefix: prefix,
    logger: createLogger('warn'),
  });
  await bus.ready();

  const admin = await issueToken(SECRET, { subject: 'bench-admin', admin: true });
  await gql(url, admin, `mutation($input: CourseInput!) { upsertCourse(input: $input) { id } }`, {
    input: {
      id: COURSE,
      title: 'Live 101',
      gradingPolicy: [],
      blocks: [{ id: `${COURSE}/b0` }],
      gradedItems: [],
    },
  });
  const created = (await gql(
    url,
    admin,
    `mutation($input: CredentialConfigurationInput!) { createCredentialConfiguration(input: $input) { id } }`,
    {
      input: {
        name: 'Certificate',
        courseId: COURSE,
        requirements: [{ kind: 'COMPLETION', min: 1 }],
      },
    },
  )) as { createCredentialConfiguration: { id: string } };
  const configurationId = created.createCredentialConfiguration.id;

  const sql = new Pg({ connectionString: database.url });
  await sql.connect();
  const credentialIds = Array.from({ length: EVENTS * (PACES.length + 2) }, () => randomUUID());
  try {
    await sql.query(
      `insert into learner (id, name) select 'learner-' || i, 'Learner ' || i
       from generate_series(0, $1::int - 1) as i`,
      [CLIENTS],
    );
    await sql.query(
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status, issued_at)
       select id::uuid, gen_random_uuid(), 'learner-' || (n % $3::int), $2, 'Learner', 'Live 101',
              'Certificate', 'AVAILABLE', now()
       from json_array_elements_text($1::json) with ordinality as t(id, n)`,
      [JSON.stringify(credentialIds), configurationId, CLIENTS],
    );
  } finally {
    await sql.end();
  }
  return {
    server,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    bus,
    configurationId,
    credentialIds,
    stop: async () => {
      await bus.close();
      server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}

const credentialEvent = (
  credentialId: string,
  configurationId: string,
): CredentialEventPayload => ({
  type: 'ISSUED',
  credentialId,
  learnerId: 'learner-0',
  configurationId,
  courseId: COURSE,
  learningPathId: null,
  at: new Date().toISOString(),
});

export interface PacedResult {
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FanOutResult {
  clients: number;
  events: number;
  paced: PacedResult[];
  burstMessagesPerSecond: number;
  burstP50Ms: number;
  burstP99Ms: number;
  /** Server CPU time per delivered message during the burst. */
  burstServerCpuUsPerMessage: number;
  rssPerConnectionKiB: number;
}

/** Steady publication rates measured for latency (events/s). */
const PACES = [4, 10];

async function fanOut(setup: Setup): Promise<FanOutResult> {
  const pid = setup.server.child.pid!;
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      issueToken(SECRET, { subject: `staff-${i}`, staffCourses: [COURSE] }),
    ),
  );
  const query = `subscription { credentialEvents(courseId: "${COURSE}") { type at credential { id status learnerId } } }`;
  // Warm the server up with one client, then take the baseline.
  const warm = await openClients(setup.wsUrl, tokens.slice(0, 1), query, () => undefined);
  await closeClients(warm);
  await sleep(500);
  const rssBefore = await rss(pid);

  const publishedAt = new Map<string, number>();
  const received = new Array<number>(CLIENTS).fill(0);
  let latencies: number[] = [];
  let total = 0;
  const clients = await openClients(setup.wsUrl, tokens, query, (index, data) => {
    const id = (data as { credentialEvents: { credential: { id: string } } }).credentialEvents
      .credential.id;
    const sent = publishedAt.get(id);
    if (sent !== undefined) latencies.push(performance.now() - sent);
    received[index] += 1;
    total += 1;
  });
  // Every client has its watch once every client received a warm-up event.
  const batches = Array.from({ length: PACES.length + 2 }, (_, i) =>
    setup.credentialIds.slice(i * EVENTS, (i + 1) * EVENTS),
  );
  const warmUp = batches.pop()!;
  for (let i = 0; !received.every((n) => n > 0); i += 1) {
    await setup.bus.publish(
      CREDENTIAL_EVENTS,
      credentialEvent(warmUp[i % warmUp.length], setup.configurationId),
    );
    await sleep(50);
  }
  await sleep(1000);
  const rssAfter = await rss(pid);

  const paced: PacedResult[] = [];
  for (const [i, eventsPerSecond] of PACES.entries()) {
    latencies = [];
    total = 0;
    for (const id of batches[i]) {
      publishedAt.set(id, performance.now());
      await setup.bus.publish(CREDENTIAL_EVENTS, credentialEvent(id, setup.configurationId));
      await sleep(1000 / eventsPerSecond);
    }
    await until(() => total >= EVENTS * CLIENTS, 'the paced events');
    const latency = summarize(latencies);
    paced.push({ eventsPerSecond, p50Ms: latency.p50, p99Ms: latency.p99 });
    await sleep(500);
  }

  // Burst: every event at once.
  latencies = [];
  total = 0;
  const burst = batches[PACES.length];
  const cpuBefore = await cpuMs(pid);
  const started = performance.now();
  await Promise.all(
    burst.map((id) => {
      publishedAt.set(id, performance.now());
      return setup.bus.publish(CREDENTIAL_EVENTS, credentialEvent(id, setup.configurationId));
    }),
  );
  await until(() => total >= EVENTS * CLIENTS, 'the burst');
  const burstSeconds = (performance.now() - started) / 1000;
  const burstCpuMs = (await cpuMs(pid)) - cpuBefore;
  const burstLatency = summarize(latencies);
  await closeClients(clients);

  return {
    clients: CLIENTS,
    events: EVENTS,
    paced,
    burstMessagesPerSecond: (EVENTS * CLIENTS) / burstSeconds,
    burstP50Ms: burstLatency.p50,
    burstP99Ms: burstLatency.p99,
    burstServerCpuUsPerMessage: (burstCpuMs * 1000) / (EVENTS * CLIENTS),
    rssPerConnectionKiB: (rssAfter - rssBefore) / CLIENTS / 1024,
  };
}

export interface IsolationResult {
  events: number;
  cpuMsPerEventOneClient: number;
  cpuMsPerEventAmong1000: number;
  p50Ms: number;
  p99Ms: number;
  receivedByOthers: number;
}

async function isolation(setup: Setup): Promise<IsolationResult> {
  const pid = setup.server.child.pid!;
  const count = 1000;
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => issueToken(SECRET, { subject: `learner-${i}` })),
  );
  const query = `subscription { progressChanged { learnerId progress configuration { id } } }`;
  const received = new Array<number>(CLIENTS).fill(0);
  let sequence = Date.now() * 1000;
  const progressEvent = (learnerId: string) => ({
    learnerId,
    configurationId: setup.configurationId,
    courseId: COURSE,
    learningPathId: null,
    evaluation: {
      eligible: false,
      enrolled: true,
      progress: 0.5,
      requirements: [
        {
          kind: 'COMPLETION',
          assignmentType: null,
          required: 1,
          current: 0.5,
          met: false,
          reason: 'not yet',
        },
      ],
      steps: null,
    },
    sequence: ++sequence,
    at: new Date().toISOString(),
  });
  const target = 7;

  /** Publishes `events` events of the target learner, one after the other; server CPU per event. */
  const measure = async (events = count) => {
    const latencies: number[] = [];
    const before = await cpuMs(pid);
    for (let i = 0; i < events; i += 1) {
      const expected = received[target] + 1;
      const sent = performance.now();
      await setup.bus.publish(PROGRESS_CHANGED, progressEvent(`learner-${target}`));
      await until(() => received[target] >= expected, 'the target event', 10_000);
      latencies.push(performance.now() - sent);
    }
    const used = (await cpuMs(pid)) - before;
    return { cpuPerEvent: used / events, latency: summarize(latencies) };
  };

  const onNext = (index: number) => {
    received[index] += 1;
  };
  const alone = await openClients(setup.wsUrl, [tokens[target]], query, () => onNext(target));
  await sleep(200);
  await measure(200); // warm-up, so that both measurements run warm code
  const one = await measure();
  await closeClients(alone);

  const clients = await openClients(setup.wsUrl, tokens, query, onNext);
  const targetSoFar = received[target];
  for (let i = 0; i < CLIENTS; i += 1) {
    await setup.bus.publish(PROGRESS_CHANGED, progressEvent(`learner-${i}`));
  }
  await until(
    () => received.every((n, i) => n >= (i === target ? targetSoFar + 1 : 1)),
    'every warm-up event',
  );
  const baseline = received.map((n) => n);
  const many = await measure();
  await sleep(500);
  const receivedByOthers = received.reduce(
    (sum, n, i) => sum + (i === target ? 0 : n - baseline[i]),
    0,
  );
  await closeClients(clients);
  return {
    events: count,
    cpuMsPerEventOneClient: one.cpuPerEvent,
    cpuMsPerEventAmong1000: many.cpuPerEvent,
    p50Ms: many.latency.p50,
    p99Ms: many.latency.p99,
    receivedByOthers,
  };
}

export async function main(): Promise<{ fanOut: FanOutResult; isolation: IsolationResult }> {
  console.log(
    `load average before: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const setup = await setUp();
  try {
    const fan = await fanOut(setup);
    console.log(
      `credentialEvents, ${fan.clients} clients on one course, ${fan.events} events a run:\n` +
        fan.paced
          .map(
            (run) =>
              `  paced (${run.eventsPerSecond} events/s): publish→receive p50 ${ms(run.p50Ms)}, p99 ${ms(run.p99Ms)}\n`,
          )
          .join('') +
        `  burst (all at once): ${fan.burstMessagesPerSecond.toFixed(0)} messages/s delivered, ` +
        `publish→receive p50 ${ms(fan.burstP50Ms)}, p99 ${ms(fan.burstP99Ms)}, ` +
        `server CPU ${fan.burstServerCpuUsPerMessage.toFixed(0)} µs per message\n` +
        `  server RSS per connection (with its subscription): ${fan.rssPerConnectionKiB.toFixed(1)} KiB`,
    );
    const iso = await isolation(setup);
    console.log(
      `progressChanged, ${CLIENTS} clients each on their own, ${iso.events} events of one learner:\n` +
        `  server CPU per event: ${iso.cpuMsPerEventAmong1000.toFixed(3)} ms among ${CLIENTS} clients, ` +
        `${iso.cpuMsPerEventOneClient.toFixed(3)} ms with that client alone\n` +
        `  publish→receive p50 ${ms(iso.p50Ms)}, p99 ${ms(iso.p99Ms)}; ` +
        `messages received by the other ${CLIENTS - 1} clients: ${iso.receivedByOthers}`,
    );
    return { fanOut: fan, isolation: iso };
  } finally {
    await setup.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
