/**
 * Per-request overhead: `{ __typename }` with an admin token through Laurel (on a real
 * PostgreSQL) against a bare Apollo Server 5 + express 5 + type-graphql server with one
 * resolver (bare-server.ts). Each server is its own process; autocannon runs against them
 * alternately (bare, laurel, bare, laurel, …) so machine noise hits both, and the figure
 * that matters is Laurel's share of the bare throughput. CPU time per request (from /proc) is
 * printed too: on a busy machine it says more than req/s, which follow the share of CPU
 * each process happens to get.
 * The ratio printed first is the median of the rounds' ratios: each compares two runs next to
 * each other in time, which a burst of load elsewhere spoils less than it spoils the means.
 * BENCH_OVERHEAD_SECONDS (per run, default 4), BENCH_OVERHEAD_CONNECTIONS (default 20) and
 * BENCH_OVERHEAD_ROUNDS (pairs of runs, default 6) tune it; BENCH_OVERHEAD_TOKEN=learner sends a
 * learner's token instead (its Open edX staff grants are looked up, from memory once read).
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { issueToken } from '../src/server/auth/issue-token';
import { freePort } from '../src/shared/free-port';
import { benchDatabase } from './database';
import { cpuMs, gql, spawnLaurel, spawnReady, stopChildren } from './support';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const SECONDS = Number(process.env.BENCH_OVERHEAD_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_OVERHEAD_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 6);
const WARM_UP_SECONDS = 2;
const QUERY = '{ __typename }';
const LEARNER = process.env.BENCH_OVERHEAD_TOKEN === 'learner';

type Target = { name: 'bare' | 'laurel'; url: string; token: string; pid: number };
/** cpuPerRequest: the server's CPU time (user + system) per answered request, in ms. */
type Run = { rps: number; p50: number; p99: number; failed: number; cpuPerRequest: number };

async function load(target: Target, seconds: number): Promise<Run> {
  const cpuBefore = await cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.non2xx,
    cpuPerRequest: ((await cpuMs(target.pid)) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

const mean = (values: readonly number[]): number =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const line = (name: string, runs: readonly Run[]): string =>
  `  ${name.padEnd(7)} ${mean(runs.map((r) => r.rps))
    .toFixed(0)
    .padStart(6)} req/s` +
  `  p50 ${mean(runs.map((r) => r.p50)).toFixed(1)} ms  p99 ${mean(runs.map((r) => r.p99)).toFixed(1)} ms` +
  `  CPU ${(mean(runs.map((r) => r.cpuPerRequest)) * 1000).toFixed(0)} µs/request` +
  `  (runs: ${runs.map((r) => r.rps.toFixed(0)).join(', ')} req/s)`;

export async function main(): Promise<void> {
  const database = await benchDatabase('laurel_bench_overhead');
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-overhead-'));
  const children: ChildProcess[] = [];
  try {
    const [laurelPort, barePort] = [await freePort(), await freePort()];
    const laurel = await spawnLaurel('api', {
      DATABASE_URL: database.url,
      LAUREL_HOME: home,
      AUTH_JWT_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(laurelPort),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      RECONCILE_CRON: 'off',
    });
    children.push(laurel);
    const bare = await spawnReady(
      'bare',
      path.join(__dirname, 'bare-server.js'),
      { PORT: String(barePort) },
      'ready',
    );
    children.push(bare);
    const admin = await issueToken(
      SECRET,
      LEARNER ? { subject: 'bench-learner' } : { subject: 'bench-admin', admin: true },
    );
    const targets: Target[] = [
      { name: 'bare', url: `http://127.0.0.1:${barePort}/graphql`, token: admin, pid: bare.pid! },
      {
        name: 'laurel',
        url: `http://127.0.0.1:${laurelPort}/graphql`,
        token: admin,
        pid: laurel.pid!,
      },
    ];
    for (const target of targets) {
      const data = await gql(target.url, target.token, QUERY, {});
      if ((data as { __typename?: string }).__typename !== 'Query') {
        throw new Error(`${target.name} answered ${JSON.stringify(data)}`);
      }
      await load(target, WARM_UP_SECONDS);
    }
    console.log(
      `${QUERY} with ${LEARNER ? "a learner's" : 'an admin'} token, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per server, alternating`,
    );
    const runs: Record<Target['name'], Run[]> = { bare: [], laurel: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) runs[target.name].push(await load(target, SECONDS));
    }
    for (const target of targets) console.log(line(target.name, runs[target.name]));
    const failed = [...runs.bare, ...runs.laurel].reduce((sum, r) => sum + r.failed, 0);
    const pairs = runs.laurel.map((r, i) => r.rps / runs.bare[i]!.rps);
    const ratioOfMeans = mean(runs.laurel.map((r) => r.rps)) / mean(runs.bare.map((r) => r.rps));
    const cpu = (runs: readonly Run[]) => mean(runs.map((r) => r.cpuPerRequest));
    console.log(
      `  ratio   laurel/bare ${median(pairs).toFixed(2)} (median of rounds: ${pairs.map((p) => p.toFixed(2)).join(', ')}; ` +
        `of the means ${ratioOfMeans.toFixed(2)}), CPU per request bare/laurel ${(cpu(runs.bare) / cpu(runs.laurel)).toFixed(2)}, ` +
        `${failed} failed requests`,
    );
  } finally {
    await stopChildren(children);
    await database.drop();
    await fs.rm(home, { recursive: true, force: true });
  }
}
