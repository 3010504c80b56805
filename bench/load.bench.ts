/**
 * Load test: mixed traffic at a fixed rate against one api and one worker process (both
 * spawned from dist/), on the progress profile (10,000 learners, 200 courses):
 *   80% learnerProgress (a learner's own token, one course),
 *   15% recordProgress (the ingest account, 5 completions of one learner),
 *    5% admin mutations (issueCredential with force, which the worker renders; upsertLearner).
 * Reports p50/p99 per operation, the error count and the processes' RSS over the run.
 * BENCH_LOAD_SECONDS (default 300) and BENCH_LOAD_RATE (requests/s, default 40) tune it.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { issueToken } from '../src/server/auth/issue-token';
import { migrate, openOrm } from '../src/db/orm';
import { freePort } from '../src/shared/free-port';
import { benchDatabase } from './database';
import { courseId, LEARNERS, seedProgressProfile } from './progress-seed';
import { ms, summarize } from './stats';
import { mib, rss as rssOf, spawnLaurel } from './support';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 300);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 40);
const TOKENS = 500;

type Operation = 'learnerProgress' | 'recordProgress' | 'issueCredential' | 'upsertLearner';

export async function main(): Promise<void> {
  const database = await benchDatabase('laurel_bench_load');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-load-'));
  const children: ChildProcess[] = [];
  try {
    const orm = await openOrm({ url: database.url });
    await migrate(orm);
    await orm.close();
    const seedMs = await seedProgressProfile(database.url);
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    const { rows } = await sql.query<{ id: string }>(
      `select id from credential_configuration where course_id = $1 and tier = 0`,
      [courseId(0)],
    );
    await sql.end();
    const configurationId = rows[0]!.id;
    console.log(`seeded the progress profile in ${ms(seedMs)}`);

    const port = await freePort();
    const env = {
      DATABASE_URL: database.url,
      LAUREL_HOME: home,
      AUTH_JWT_SECRET: SECRET,
      HOST: '127.0.0.1',
      // info: the ready line is how a start is noticed; nothing is logged per request.
      LOG_LEVEL: 'info',
      RECONCILE_CRON: 'off',
      // One service account sends all of the ingest traffic here.
      MUTATION_RATE_LIMIT: '0',
    };
    const api = await spawnLaurel('api', { ...env, PORT: String(port) });
    children.push(api);
    const worker = await spawnLaurel('worker', { ...env, PORT: '0' });
    children.push(worker);
    const url = `http://127.0.0.1:${port}/graphql`;

    const learnerTokens = await Promise.all(
      Array.from({ length: TOKENS }, (_, i) => issueToken(SECRET, { subject: `L${i * 20}` })),
    );
    const ingest = await issueToken(SECRET, { subject: 'bench-ingest', ingest: true });
    const admin = await issueToken(SECRET, { subject: 'bench-admin', admin: true });

    let sequence = 0;
    const request = (): { operation: Operation; token: string; body: object } => {
      sequence += 1;
      const roll = sequence % 20;
      const learner = (sequence * 7919) % LEARNERS;
      if (roll < 16) {
        const index = sequence % TOKENS;
        const own = index * 20;
        return {
          operation: 'learnerProgress',
          token: learnerTokens[index]!,
          body: {
            query: `query LearnerProgress($c: ID) { learnerProgress(courseId: $c) {
              configuration { id name } eligible progress requirements { kind current required met } } }`,
            variables: { c: courseId(sequence % 2 === 0 ? 0 : 1 + (own % 199)) },
          },
        };
      }
      if (roll < 19) {
        const occurredAt = new Date().toISOString();
        return {
          operation: 'recordProgress',
          token: ingest,
          body: {
            query: `mutation RecordProgress($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }`,
            variables: {
              input: {
                completions: Array.from({ length: 5 }, (_, b) => ({
                  learnerId: `L${learner}`,
                  courseId: courseId(0),
                  blockId: `C0-b${(sequence + b) % 50}`,
                  completion: ((sequence + b) % 10) / 9,
                  occurredAt,
                })),
              },
            },
          },
        };
      }
      if (sequence % 40 === 19) {
        return {
          operation: 'issueCredential',
          token: admin,
          body: {
            query: `mutation Issue($c: ID!, $l: ID!) { issueCredential(configurationId: $c, learnerId: $l, force: true) { id status } }`,
            variables: { c: configurationId, l: `L${learner}` },
          },
        };
      }
      return {
        operation: 'upsertLearner',
        token: admin,
        body: {
          query: `mutation UpsertLearner($input: LearnerInput!) { upsertLearner(input: $input) { id } }`,
          variables: { input: { id: `L${learner}`, name: `Learner ${learner} (${sequence})` } },
        },
      };
    };

    const latencies = new Map<Operation, number[]>();
    const errors: string[] = [];
    const send = async () => {
      const { operation, token, body } = request();
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as { errors?: unknown[] };
        if (response.status !== 200 || answer.errors) {
          errors.push(
            `${operation}: ${response.status} ${JSON.stringify(answer.errors).slice(0, 200)}`,
          );
        }
      } catch (error) {
        errors.push(`${operation}: ${String(error)}`);
      }
      const list = latencies.get(operation) ?? [];
      list.push(performance.now() - started);
      latencies.set(operation, list);
    };

    // Warm-up (JIT, pools), then the measured run.
    await Promise.all(Array.from({ length: 50 }, () => send()));
    latencies.clear();
    errors.length = 0;
    const rss = { api: [mib(await rssOf(api.pid!))], worker: [mib(await rssOf(worker.pid!))] };
    console.log(
      `running ${SECONDS} s at ${RATE} requests/s (RSS at start: api ${rss.api[0]!.toFixed(0)} MiB, worker ${rss.worker[0]!.toFixed(0)} MiB)`,
    );
    const inFlight = new Set<Promise<void>>();
    const startedAt = performance.now();
    let sent = 0;
    let nextSample = startedAt + 10_000;
    while (performance.now() - startedAt < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * RATE);
      while (sent < due) {
        const promise = send().finally(() => inFlight.delete(promise));
        inFlight.add(promise);
        sent += 1;
      }
      if (performance.now() >= nextSample) {
        nextSample += 10_000;
        rss.api.push(mib(await rssOf(api.pid!)));
        rss.worker.push(mib(await rssOf(worker.pid!)));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - startedAt) / 1000;
    rss.api.push(mib(await rssOf(api.pid!)));
    rss.worker.push(mib(await rssOf(worker.pid!)));

    console.log(
      `${sent} requests in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(1)}/s), ${errors.length} errors`,
    );
    for (const [operation, samples] of latencies) {
      const { p50, p99 } = summarize(samples);
      console.log(
        `  ${operation.padEnd(16)} ${String(samples.length).padStart(6)} requests  p50 ${ms(p50)}  p99 ${ms(p99)}`,
      );
    }
    // Heaps, pools and JIT caches fill during the first minute; a leak shows as growth after it.
    const settled = Math.min(6, Math.floor(rss.api.length / 2));
    for (const role of ['api', 'worker'] as const) {
      const series = rss[role];
      const first = series[0]!;
      const base = series[settled]!;
      const last = series[series.length - 1]!;
      const pct = (from: number) => (((last - from) / from) * 100).toFixed(1);
      console.log(
        `  RSS ${role.padEnd(6)} start ${first.toFixed(0)} MiB, end ${last.toFixed(0)} MiB (${pct(first)}%), ` +
          `after ${settled * 10} s ${base.toFixed(0)} MiB → end ${pct(base)}%, max ${Math.max(...series).toFixed(0)} MiB`,
      );
      console.log(`    every 10 s: ${series.map((v) => v.toFixed(0)).join(' ')}`);
    }
    const check = new Client({ connectionString: database.url });
    await check.connect();
    const issued = await check.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from credential group by status order by status`,
    );
    await check.end();
    console.log(
      `  credentials: ${issued.rows.map((r) => `${r.status} ${r.n}`).join(', ') || 'none'}`,
    );
    for (const error of errors.slice(0, 5)) console.log(`  error: ${error}`);
  } finally {
    for (const child of children) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(null);
        else child.once('exit', resolve);
      });
    }
    await database.drop();
    await fs.rm(home, { recursive: true, force: true });
  }
}
