/**
 * Issuer pipeline benchmark: one recordProgress batch makes N learners eligible for an
 * auto-issue certificate; measures the time until every credential is AVAILABLE
 * (credentials/s end to end, ingest included) and p50/p99 from PENDING to AVAILABLE, with
 * local storage and with S3 (s3rver on loopback). One process runs API and worker.
 * With Open Badges on, every credential's signed OB 3.0 JSON is then fetched through the API
 * (`credentials { openBadge }`, signed on demand), and the end-to-end rate counts both.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startLaurel } from '../src/app';
import { loadConfig } from '../src/config';
import { issueToken } from '../src/server/auth/issue-token';
import { createLogger } from '../src/shared/logger';
import { startS3Server } from '../test/support/s3-server';
import { benchDatabase } from './database';
import { openBadgeTimings } from './open-badges';
import { ms } from './stats';
import { gql } from './support';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const COURSE = 'course-v1:Bench+ISS101+2026';
const BLOCKS = 8;

export interface IssuanceBenchResult {
  storage: string;
  learners: number;
  ingestMs: number;
  totalMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Time to fetch every credential's signed Open Badge after issuance; null when off. */
  openBadgesMs: number | null;
}

/** Every credential's `openBadge`, a page at a time, as a client would fetch them. */
async function fetchOpenBadges(url: string, token: string, expected: number): Promise<void> {
  let after: string | null = null;
  let fetched = 0;
  for (;;) {
    const data = (await gql(
      url,
      token,
      `query($after: String) { credentials(first: 50, after: $after) {
         pageInfo { hasNextPage endCursor } edges { node { openBadge } } } }`,
      { after },
    )) as {
      credentials: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { openBadge: { proof?: unknown } | null } }[];
      };
    };
    for (const { node } of data.credentials.edges) {
      if (!node.openBadge?.proof) throw new Error('a credential has no signed Open Badge');
      fetched++;
    }
    if (!data.credentials.pageInfo.hasNextPage) break;
    after = data.credentials.pageInfo.endCursor;
  }
  if (fetched !== expected) throw new Error(`fetched ${fetched} Open Badges, expected ${expected}`);
}

export async function run(
  storage: string,
  learners: number,
  env: Record<string, string>,
  openBadges = false,
): Promise<IssuanceBenchResult> {
  const database = await benchDatabase('laurel_bench_issuance');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-home-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    LAUREL_HOME: home,
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    RECONCILE_CRON: 'off',
    ...env,
  });
  const laurel = await startLaurel(config, createLogger('silent'));
  const sql = new Client({ connectionString: database.url });
  await sql.connect();
  try {
    const admin = await issueToken(SECRET, { subject: 'bench', admin: true });
    await gql(
      laurel.url,
      admin,
      `mutation($input: CourseInput!) { upsertCourse(input: $input) { id } }`,
      {
        input: {
          id: COURSE,
          title: 'Benchmarking 101',
          gradingPolicy: [],
          blocks: Array.from({ length: BLOCKS }, (_, i) => ({ id: `${COURSE}/b${i}` })),
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
          name: 'Certificate of Completion',
          courseId: COURSE,
          requirements: [{ kind: 'COMPLETION', min: 1 }],
        },
      },
    );
    const ids = Array.from({ length: learners }, (_, i) => `learner-${i}`);
    await sql.query(
      `insert into learner (id, name) select value, 'Learner ' || value
       from json_array_elements_text($1::json)`,
      [JSON.stringify(ids)],
    );
    const occurredAt = new Date().toISOString();
    const input = {
      enrollments: ids.map((learnerId) => ({
        learnerId,
        courseId: COURSE,
        active: true,
        occurredAt,
      })),
      completions: ids.flatMap((learnerId) =>
        Array.from({ length: BLOCKS }, (_, i) => ({
          learnerId,
          courseId: COURSE,
          blockId: `${COURSE}/b${i}`,
          completion: 1,
          occurredAt,
        })),
      ),
    };

    const started = performance.now();
    await gql(
      laurel.url,
      admin,
      `mutation($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }`,
      { input },
    );
    const ingestMs = performance.now() - started;
    for (;;) {
      const { rows } = await sql.query<{ n: number }>(
        `select count(*)::int as n from credential where status = 'AVAILABLE'`,
      );
      if (rows[0].n >= learners) break;
      const { rows: failed } = await sql.query<{ n: number }>(
        `select count(*)::int as n from credential where status = 'ERROR'`,
      );
      if (failed[0].n > 0) throw new Error(`${failed[0].n} credentials failed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let openBadgesMs: number | null = null;
    if (openBadges) {
      const issued = performance.now();
      await fetchOpenBadges(laurel.url, admin, learners);
      openBadgesMs = performance.now() - issued;
    }
    const totalMs = performance.now() - started;
    // A credential's updated_at is last written when it is marked AVAILABLE.
    const { rows: latency } = await sql.query<{ p50: number; p99: number }>(
      `select percentile_cont(0.5) within group (order by ms) as p50,
              percentile_cont(0.99) within group (order by ms) as p99
       from (select extract(epoch from updated_at - created_at) * 1000 as ms from credential) t`,
    );
    return {
      storage,
      learners,
      ingestMs,
      totalMs,
      perSecond: (learners / totalMs) * 1000,
      p50Ms: Number(latency[0].p50),
      p99Ms: Number(latency[0].p99),
      openBadgesMs,
    };
  } finally {
    await sql.end();
    await laurel.stop();
    await database.drop();
    await fs.rm(home, { recursive: true, force: true });
  }
}

function print(result: IssuanceBenchResult): void {
  console.log(
    `issuance (${result.storage}): ${result.learners} credentials AVAILABLE in ${ms(result.totalMs)} ` +
      `(${result.perSecond.toFixed(0)} credentials/s end to end; ingest ${ms(result.ingestMs)}); ` +
      `PENDING→AVAILABLE p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}` +
      (result.openBadgesMs === null
        ? ''
        : `; Open Badges on: every OB 3.0 credential signed and fetched in ${ms(result.openBadgesMs)}`),
  );
}

export async function main(learners = 1000): Promise<IssuanceBenchResult[]> {
  const results: IssuanceBenchResult[] = [];
  const timings = await openBadgeTimings();
  console.log(
    `Open Badges 3.0 per credential (${timings.credentials}): build+sign p50 ${ms(timings.signP50Ms)} ` +
      `(p99 ${ms(timings.signP99Ms)}), verify offline p50 ${ms(timings.verifyP50Ms)} (p99 ${ms(timings.verifyP99Ms)})`,
  );
  const local = await run('local', learners, {});
  print(local);
  results.push(local);
  const withBadges = await run('local, Open Badges on', learners, {}, true);
  print(withBadges);
  results.push(withBadges);

  const s3 = await startS3Server({ bucket: 'laurel-bench' });
  try {
    const remote = await run('s3', learners, {
      STORAGE: 's3',
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    print(remote);
    results.push(remote);
  } finally {
    await s3.stop();
  }
  return results;
}

if (require.main === module) {
  main(Number(process.argv[2]) || 1000).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
