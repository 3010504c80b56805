/**
 * The overload benchmark's backlog phase: BENCH_OVERLOAD_BACKLOG (default 300, 0 = skip)
 * credentials are queued at once (issueCredential with force, one learner each), then the
 * mixed traffic runs at the sustainable rate while the worker process drains them. Reports
 * how fast the backlog drained and learnerProgress's p99 meanwhile, beside its p99 at the
 * same rate without a backlog: a worker bounded by the cores drains at full speed without
 * starving the api.
 */
import { Client } from 'pg';
import type { Request, Send } from './load-traffic';
import { runAt } from './load-traffic';
import { LEARNERS } from './progress-seed';
import { ms, summarize } from './stats';

const ISSUE = `mutation Issue($c: ID!, $l: ID!) { issueCredential(configurationId: $c, learnerId: $l, force: true) { status } }`;

/** Credentials not generated yet. */
async function unfinished(sql: Client): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `select count(*)::int as n from credential where status in ('PENDING', 'GENERATING')`,
  );
  return rows[0]!.n;
}

/** Queues `count` issuances, four requests at a time (a refused one is sent again). */
async function queueBacklog(
  url: string,
  admin: string,
  configurationId: string,
  count: number,
): Promise<number> {
  let next = 0;
  let queued = 0;
  const lane = async () => {
    while (next < count) {
      // Learners far from those the traffic issues to (it picks by sequence × 7919).
      const learner = `L${(((LEARNERS - 1 - next++ * 13) % LEARNERS) + LEARNERS) % LEARNERS}`;
      for (;;) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify({ query: ISSUE, variables: { c: configurationId, l: learner } }),
        });
        if (response.status === 503) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const body = (await response.json()) as { data?: { issueCredential: { status: string } } };
        if (body.data?.issueCredential.status === 'PENDING') queued += 1;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return queued;
}

export async function runBacklog(deps: {
  url: string;
  databaseUrl: string;
  admin: string;
  configurationId: string;
  rate: number;
  /** learnerProgress p99 at `rate` without a backlog. */
  baselineP99: number;
  next: () => Request;
  send: Send;
}): Promise<void> {
  const count = Number(process.env.BENCH_OVERLOAD_BACKLOG ?? 300);
  if (count <= 0) return;
  const sql = new Client({ connectionString: deps.databaseUrl });
  await sql.connect();
  try {
    const before = await unfinished(sql);
    const queuedAt = performance.now();
    const queued = await queueBacklog(deps.url, deps.admin, deps.configurationId, count);
    let drainedAt = 0;
    const watch = setInterval(() => {
      void unfinished(sql).then((n) => {
        if (n <= before && drainedAt === 0) drainedAt = performance.now();
      });
    }, 250);
    const limitSeconds = Number(process.env.BENCH_OVERLOAD_BACKLOG_SECONDS ?? 120);
    const result = await runAt(deps.rate, limitSeconds, deps.next, deps.send, {
      done: () => drainedAt !== 0,
    });
    clearInterval(watch);
    const { p50, p99 } = summarize(result.admitted.get('learnerProgress') ?? []);
    const seconds = ((drainedAt || performance.now()) - queuedAt) / 1000;
    console.log(
      `backlog: ${queued} credentials queued; ${drainedAt ? 'drained' : 'NOT drained'} in ${seconds.toFixed(1)} s ` +
        `(${(queued / seconds).toFixed(1)} credentials/s, the traffic's own issuances besides) ` +
        `while traffic ran at ${deps.rate} requests/s`,
    );
    console.log(
      `  learnerProgress meanwhile: p50 ${ms(p50)}, p99 ${ms(p99)} (without a backlog: ${Number.isNaN(deps.baselineP99) ? 'not measured, no rate was sustained' : `p99 ${ms(deps.baselineP99)}`}); ` +
        `${result.shed.length} refused, ${result.errors.length} other errors`,
    );
  } finally {
    await sql.end();
  }
}
