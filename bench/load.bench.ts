/**
 * Load test: mixed traffic (see load-traffic.ts) at a fixed rate against one api and one
 * worker process (both spawned from dist/), on the progress profile (10,000 learners,
 * 200 courses). Reports p50/p99 per operation, the error count and the processes' RSS over
 * the run. BENCH_LOAD_SECONDS (default 300) and BENCH_LOAD_RATE (requests/s, default 40)
 * tune it. BENCH_LOAD_MODE=overload runs the overload benchmark instead (load-overload.ts).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, openOrm } from '../src/db/orm';
import { freePort } from '../src/shared/free-port';
import { benchDatabase } from './database';
import { runOverload } from './load-overload';
import { runAt, SECRET, sender, trafficOf } from './load-traffic';
import { courseId, seedProgressProfile } from './progress-seed';
import { ms, summarize } from './stats';
import { mib, rss as rssOf, spawnLaurel } from './support';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 300);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 40);

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
    const next = await trafficOf(configurationId);
    const send = sender(url);

    // Warm-up (JIT, pools), then the measured run.
    await runAt(50, 1, next, send);
    if (process.env.BENCH_LOAD_MODE === 'overload') {
      await runOverload({ url, api, next, send, databaseUrl: database.url, configurationId });
    } else {
      await fixedRate(api, worker, next, send);
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

async function fixedRate(
  api: ChildProcess,
  worker: ChildProcess,
  next: Parameters<typeof runAt>[2],
  send: Parameters<typeof runAt>[3],
): Promise<void> {
  const rss = { api: [mib(await rssOf(api.pid!))], worker: [mib(await rssOf(worker.pid!))] };
  console.log(
    `running ${SECONDS} s at ${RATE} requests/s (RSS at start: api ${rss.api[0]!.toFixed(0)} MiB, worker ${rss.worker[0]!.toFixed(0)} MiB)`,
  );
  const result = await runAt(RATE, SECONDS, next, send, {
    tick: async () => {
      rss.api.push(mib(await rssOf(api.pid!)));
      rss.worker.push(mib(await rssOf(worker.pid!)));
    },
  });
  rss.api.push(mib(await rssOf(api.pid!)));
  rss.worker.push(mib(await rssOf(worker.pid!)));
  const { sent, seconds } = result;
  const errors = [...result.errors, ...result.shed.map(() => 'refused: 503 overloaded')];
  console.log(
    `${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(1)}/s), ${errors.length} errors`,
  );
  for (const [operation, samples] of result.admitted) {
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
  for (const error of errors.slice(0, 5)) console.log(`  error: ${error}`);
}
