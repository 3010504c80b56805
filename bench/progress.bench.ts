/**
 * Progress and eligibility figures (issue: progress and eligibility):
 * 1. learnerProgress of one learner over 50 courses at 20 concurrent clients, served
 *    from the stored evaluations; every answer must equal the baseline's recompute;
 * 2. the same answer from a hand-written baseline (plain pg + the pure evaluator).
 *    Under load each server is its own process (Laurel's `api` role from dist/, the baseline
 *    from progress-baseline.js), so neither shares an event loop with autocannon; the
 *    answers are checked first against an in-process Laurel that also counts its SQL;
 * 3. bulk evaluation of one course configuration over 10,000 enrolled learners;
 * 4. recordProgress of a 5,000-fact batch.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLaurel } from '../src/app';
import { loadConfig } from '../src/config';
import { migrate, openOrm } from '../src/db/orm';
import { evaluateConfiguration } from '../src/modules/eligibility';
import { sameAnswers, storeEveryAnswer } from './progress-check';
import { issueToken } from '../src/server/auth/issue-token';
import { createLogger } from '../src/shared/logger';
import { benchDatabase } from './database';
import { startBaselineServer } from './progress-baseline';
import { courseId, LEARNERS, seedProgressProfile } from './progress-seed';
import { ms, summarize } from './stats';
import { cpuMs, spawnLaurel, spawnReady, stopChildren } from './support';
import { freePort } from '../src/shared/free-port';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 20;
const WARM_UP_S = 2;
const COURSE_IDS = Array.from({ length: 50 }, (_, c) => courseId(c));

const progressQuery = (learnerId: string) => `query Progress {
${COURSE_IDS.map(
  (id, i) => `  c${i}: learnerProgress(learnerId: "${learnerId}", courseId: "${id}") {
    configuration { id name } eligible enrolled progress
    requirements { kind assignmentType required current met reason }
  }`,
).join('\n')}
}`;

/** A load run; with `expectBody`, every answer must be exactly that body. */
async function load(
  target: { url: string; pid: number },
  body: string,
  headers: Record<string, string> = {},
  expectBody?: string,
  duration = DURATION_S,
) {
  const cpuBefore = await cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    expectBody,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.mismatches > 0) {
    throw new Error(
      `load run had ${result.errors} errors, ${result.non2xx} non-2xx answers and ${result.mismatches} answers that differ from the checked one`,
    );
  }
  const cpuPerRequest =
    ((await cpuMs(target.pid)) - cpuBefore) / Math.max(1, result.requests.total);
  return { ...result, cpuPerRequest };
}

export async function main(): Promise<void> {
  const database = await benchDatabase('laurel_bench_progress');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-home-'));
  const orm = await openOrm({ url: database.url });
  const sql: string[] = [];
  let laurel: Awaited<ReturnType<typeof startLaurel>> | null = null;
  let baseline: Awaited<ReturnType<typeof startBaselineServer>> | null = null;
  const children: ChildProcess[] = [];
  try {
    await migrate(orm);
    const seedMs = await seedProgressProfile(database.url);
    console.log(
      `seeded 10,000 learners, 200 courses, 20 paths, 400 configurations, ~1.2M facts in ${ms(seedMs)}`,
    );

    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LAUREL_HOME: home,
      DATABASE_URL: database.url,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      RECONCILE_CRON: 'off',
    });
    laurel = await startLaurel(config, createLogger('warn'), { onQuery: (line) => sql.push(line) });
    const admin = await issueToken(SECRET, { subject: 'bench-admin', admin: true });
    const auth = { authorization: `Bearer ${admin}` };
    baseline = await startBaselineServer(database.url);

    // The stored answers, as configuration changes would have written them.
    const storeStarted = performance.now();
    const stored = await storeEveryAnswer(orm.em.fork());
    console.log(
      `stored ${stored} enrolled learners' answers in ${ms(performance.now() - storeStarted)}`,
    );

    // Laurel's answers, stored or (learners not enrolled in a course) evaluated afresh,
    // must equal the baseline's recompute, for L0 (the load run's learner) and others.
    const sample = ['L0', ...Array.from({ length: 24 }, (_, i) => `L${1 + i * 397}`)];
    for (const learnerId of sample) {
      await sameAnswers(laurel.url, auth, baseline.url, learnerId, progressQuery);
    }
    console.log(`${sample.length} learners × 50 courses: Laurel's answers equal the baseline's`);

    // 1. Laurel, one request alone first to count its SQL statements.
    const body = JSON.stringify({ query: progressQuery('L0') });
    sql.length = 0;
    const single = await fetch(laurel.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body,
    });
    const checked = await single.text();
    const statements = sql.filter((line) => !/^\[query\] (begin|commit)/.test(line)).length;
    const [laurelPort, baselinePort] = [await freePort(), await freePort()];
    const laurelProcess = await spawnLaurel('api', {
      DATABASE_URL: database.url,
      LAUREL_HOME: home,
      AUTH_JWT_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(laurelPort),
      // spawnLaurel waits for the `Laurel is ready` line, logged at info.
      LOG_LEVEL: 'info',
      RECONCILE_CRON: 'off',
    });
    children.push(laurelProcess);
    const baselineProcess = await spawnReady(
      'baseline',
      path.join(__dirname, 'progress-baseline.js'),
      { DATABASE_URL: database.url, PORT: String(baselinePort) },
      'ready',
    );
    children.push(baselineProcess);
    const laurelTarget = { url: `http://127.0.0.1:${laurelPort}/graphql`, pid: laurelProcess.pid! };
    await load(laurelTarget, body, auth, checked, WARM_UP_S);
    const laurelRun = await load(laurelTarget, body, auth, checked);

    // 2. The baseline, same data, same concurrency.
    const baselineTarget = { url: `http://127.0.0.1:${baselinePort}/`, pid: baselineProcess.pid! };
    const baselineBody = JSON.stringify({ learnerId: 'L0', courseIds: COURSE_IDS });
    await load(baselineTarget, baselineBody, {}, undefined, WARM_UP_S);
    const baselineRun = await load(baselineTarget, baselineBody);
    const rate = (run: typeof laurelRun) => run.requests.average;
    const cpu = (run: typeof laurelRun) => ms(run.cpuPerRequest);
    console.log(
      `learnerProgress, 1 learner × 50 courses (100 configurations), ${CONNECTIONS} clients, ${DURATION_S} s:\n` +
        `  Laurel (stored): p50 ${ms(laurelRun.latency.p50)}, p99 ${ms(laurelRun.latency.p99)}, ${rate(laurelRun).toFixed(0)} req/s, ${statements} SQL statements per request, ${cpu(laurelRun)} of CPU per request, ${laurelRun.requests.total} answers all equal to the checked one\n` +
        `  baseline:        p50 ${ms(baselineRun.latency.p50)}, p99 ${ms(baselineRun.latency.p99)}, ${rate(baselineRun).toFixed(0)} req/s, 7 SQL statements per request, ${cpu(baselineRun)} of CPU per request\n` +
        `  Laurel / baseline: ${(rate(laurelRun) / Math.max(0.01, rate(baselineRun))).toFixed(2)}× the requests per second, p50 ${(laurelRun.latency.p50 / Math.max(0.01, baselineRun.latency.p50)).toFixed(2)}×`,
    );

    // 3. Bulk evaluation of one course configuration over every enrolled learner.
    const em = orm.em.fork();
    const [row] = await em.execute<{ id: string; requirements: never }[]>(
      `select id, requirements from credential_configuration where course_id = ? and tier = 1`,
      [courseId(0)],
    );
    const bulkSql: string[] = [];
    const bulkOrm = await openOrm({ url: database.url, onQuery: (line) => bulkSql.push(line) });
    const times: number[] = [];
    let evaluated = 0;
    let eligible = 0;
    for (let run = 0; run < 3; run++) {
      bulkSql.length = 0;
      const started = performance.now();
      const results = await evaluateConfiguration(bulkOrm.em.fork(), {
        id: row.id,
        courseId: courseId(0),
        learningPathId: null,
        requirements: row.requirements,
        stepOverrides: [],
      });
      times.push(performance.now() - started);
      evaluated = results.length;
      eligible = results.filter((r) => r.evaluation.eligible).length;
    }
    await bulkOrm.close();
    const bulk = summarize(times);
    console.log(
      `bulk evaluation, 1 configuration × ${evaluated} enrolled learners (${eligible} eligible): ` +
        `best ${ms(Math.min(...times))}, median ${ms(bulk.p50)} over 3 runs, ${bulkSql.length} SQL statements`,
    );
    if (evaluated !== LEARNERS)
      throw new Error(`expected ${LEARNERS} learners, evaluated ${evaluated}`);

    // 4. recordProgress of 5,000 facts: 100 learners × 50 blocks of their second course.
    const ingestTimes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const occurredAt = new Date(Date.now() - (3 - run) * 1000).toISOString();
      const completions = Array.from({ length: 100 }, (_, l) => {
        const learner = 1000 + l;
        const c = 1 + (learner % 199);
        return Array.from({ length: 50 }, (_, b) => ({
          learnerId: `L${learner}`,
          courseId: courseId(c),
          blockId: `C${c}-b${b}`,
          completion: ((b + run) % 10) / 9 > 1 ? 1 : ((b + run) % 10) / 9,
          occurredAt,
        }));
      }).flat();
      const started = performance.now();
      const response = await fetch(laurel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({
          query:
            'mutation ($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted ignoredAsStale affectedLearners } }',
          variables: { input: { completions } },
        }),
      });
      const result = (await response.json()) as {
        data?: { recordProgress: { accepted: number } };
        errors?: unknown;
      };
      ingestTimes.push(performance.now() - started);
      if (result.errors || result.data?.recordProgress.accepted !== 5000)
        throw new Error(JSON.stringify(result).slice(0, 500));
    }
    console.log(
      `recordProgress, 5,000 facts (100 learners × 50 blocks) over HTTP: ${ingestTimes.map(ms).join(', ')} (3 runs)`,
    );
  } finally {
    await stopChildren(children);
    await baseline?.stop();
    await laurel?.stop();
    await orm.close();
    await database.drop();
    await fs.rm(home, { recursive: true, force: true });
  }
}
