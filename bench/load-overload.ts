/**
 * The load benchmark's overload mode (BENCH_LOAD_MODE=overload): finds the sustainable
 * rate (the highest with 0 errors, 0 refusals and learnerProgress p99 < 100 ms, rising by
 * a quarter every BENCH_OVERLOAD_STEP_SECONDS, default 10, from BENCH_OVERLOAD_START_RATE,
 * default 40; BENCH_OVERLOAD_BASE_RATE skips the search and takes that rate instead, and
 * without any sustained rate the start rate is taken), then runs BENCH_LOAD_SECONDS
 * (default 60) at 2× and 5× that rate and
 * reports admitted requests and their p50/p99, refusals (503) and how fast they came,
 * other errors (should be 0), the api's peak RSS against its idle size, and the time from
 * the last request sent to full service (a learnerProgress answered 200 and /readyz 200),
 * and whether the issue's targets held. Between the search and the 2× run, a backlog of
 * issuances drains while the traffic runs at the sustainable rate (load-backlog.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { issueToken } from '../src/server/auth/issue-token';
import { runBacklog } from './load-backlog';
import type { Request, RunResult, Send } from './load-traffic';
import { emptyResult, runAt, SECRET, sender } from './load-traffic';
import { ms, summarize } from './stats';
import { mib, rss as rssOf } from './support';

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

function learnerProgressOf(result: RunResult) {
  return summarize(result.admitted.get('learnerProgress') ?? []);
}

/** Samples the api's RSS every 250 ms until stopped; the largest reading. */
function peakRss(api: ChildProcess) {
  let peak = 0;
  const timer = setInterval(() => {
    void rssOf(api.pid!).then((bytes) => (peak = Math.max(peak, mib(bytes))));
  }, 250);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** From `since` until a learnerProgress request is served and /readyz says ready. */
async function recoveryMs(url: string, next: () => Request, since: number): Promise<number> {
  const probe = (() => {
    for (;;) {
      const request = next();
      if (request.operation === 'learnerProgress') return request;
    }
  })();
  const send = sender(url);
  const readyz = url.replace(/\/graphql$/, '/readyz');
  for (;;) {
    const result = emptyResult();
    await send(probe, result);
    const served = result.admitted.size > 0;
    if (served && (await fetch(readyz)).status === 200) return performance.now() - since;
    if (performance.now() - since > 60_000) return Infinity;
    await sleep(25);
  }
}

async function metricsOf(url: string): Promise<string> {
  return (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
}

/** The api's own count of its 503 answers to /graphql: all, and those within 10 ms. */
interface ShedTiming {
  all: number;
  fast: number;
}

function shedTimingOf(metrics: string): ShedTiming {
  const bucket = (le: string) =>
    Number(
      new RegExp(
        `laurel_http_request_duration_seconds_bucket\\{le="${le}",route="/graphql",method="POST",status="503"\\} (\\d+)`,
      ).exec(metrics)?.[1] ?? 0,
    );
  return { all: bucket('\\+Inf'), fast: bucket('0.01') };
}

/** The api's refusals by reason and its admission state, from its /metrics. */
function admissionLine(metrics: string): string {
  const shed = new Map<string, number>();
  for (const [, reason, count] of metrics.matchAll(
    /laurel_admission_shed_total\{reason="(\w+)",priority="\w+"\} (\d+)/g,
  )) {
    shed.set(reason!, (shed.get(reason!) ?? 0) + Number(count));
  }
  const limit = /laurel_admission\{state="limit"\} (\d+)/.exec(metrics)?.[1] ?? '?';
  const refused = [...shed].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none';
  return `api: limit now ${limit}; refusals so far: ${refused}`;
}

/**
 * The issue's targets for a run at 2× or 5× the sustainable rate; prints each and whether it
 * held. How fast 503s are answered is judged by the api's own timing (from the request's
 * arrival to its answer): this client shares the machine's cores with the api, the worker and
 * PostgreSQL, and its own view adds the time its process waited for a core.
 */
function targets(
  result: RunResult,
  peakRatio: number,
  recoveredMs: number,
  shedTiming: ShedTiming,
): void {
  const fastShare = shedTiming.all === 0 ? 1 : shedTiming.fast / shedTiming.all;
  const clientP99 = result.shed.length === 0 ? 'none' : ms(summarize(result.shed).p99);
  const checks: [string, boolean][] = [
    [`0 failures other than 503s (${result.errors.length})`, result.errors.length === 0],
    [
      `admitted learnerProgress p99 < 200 ms (${ms(learnerProgressOf(result).p99)})`,
      learnerProgressOf(result).p99 < 200,
    ],
    [
      `503s answered p99 < 10 ms (${shedTiming.all === 0 ? 'none refused' : `${(fastShare * 100).toFixed(1)}% of ${shedTiming.all} within 10 ms as the api timed them`}; p99 ${clientP99} as this client saw them)`,
      fastShare >= 0.99,
    ],
    [`api RSS at most 2× idle (${peakRatio.toFixed(2)}×)`, peakRatio <= 2],
    [`full service within 2 s after the load (${ms(recoveredMs)})`, recoveredMs <= 2000],
  ];
  for (const [what, held] of checks)
    console.log(`  target ${held ? 'met    ' : 'NOT met'}: ${what}`);
}

function report(label: string, result: RunResult): void {
  const { sent, seconds, shed, errors } = result;
  const admitted = [...result.admitted.values()].reduce((sum, list) => sum + list.length, 0);
  const shedStats = summarize(shed);
  console.log(
    `${label}: ${sent} requests in ${seconds.toFixed(1)} s; admitted ${admitted}, ` +
      `refused ${shed.length} (503 p50 ${ms(shedStats.p50)}, p99 ${ms(shedStats.p99)}), other errors ${errors.length}`,
  );
  for (const [operation, samples] of result.admitted) {
    const { p50, p99 } = summarize(samples);
    const refused = result.shedBy.get(operation) ?? [];
    const shedTimes = summarize(refused);
    console.log(
      `  ${operation.padEnd(16)} ${String(samples.length).padStart(6)} admitted  p50 ${ms(p50)}  p99 ${ms(p99)};` +
        `  ${String(refused.length).padStart(5)} refused  p50 ${ms(shedTimes.p50)}  p99 ${ms(shedTimes.p99)}`,
    );
  }
  for (const error of errors.slice(0, 3)) console.log(`  error: ${error}`);
}

export async function runOverload(deps: {
  url: string;
  api: ChildProcess;
  next: () => Request;
  send: Send;
  databaseUrl: string;
  configurationId: string;
}): Promise<void> {
  const { url, api, next, send } = deps;
  const stepSeconds = Number(process.env.BENCH_OVERLOAD_STEP_SECONDS ?? 10);
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  let rate = Number(process.env.BENCH_OVERLOAD_START_RATE ?? 40);
  // Warm (JIT, pools, caches) at the start rate before anything counts.
  await runAt(rate, 5, next, send);
  await sleep(2000);
  const idle = mib(await rssOf(api.pid!));
  console.log(`overload mode: api RSS idle ${idle.toFixed(0)} MiB`);

  const given = Number(process.env.BENCH_OVERLOAD_BASE_RATE ?? 0);
  let sustainable = given;
  let sustainedP99 = NaN;
  for (;;) {
    if (given > 0) break;
    const result = await runAt(rate, stepSeconds, next, send);
    const { p99 } = learnerProgressOf(result);
    const ok = result.errors.length === 0 && result.shed.length === 0 && p99 < 100;
    console.log(
      `  ${String(rate).padStart(5)} requests/s for ${stepSeconds} s: learnerProgress p99 ${ms(p99)}, ` +
        `${result.shed.length} refused, ${result.errors.length} errors → ${ok ? 'sustained' : 'not sustained'}`,
    );
    if (!ok) {
      console.log(`    ${admissionLine(await metricsOf(url))}`);
      break;
    }
    sustainable = rate;
    sustainedP99 = p99;
    rate = Math.round(rate * 1.25);
    await sleep(2000);
  }
  if (sustainable === 0) {
    sustainable = Number(process.env.BENCH_OVERLOAD_START_RATE ?? 40);
    console.log(`no rate sustained; taking the start rate, ${sustainable} requests/s, as the base`);
  } else {
    console.log(`${given > 0 ? 'given' : 'sustainable'} rate: ${sustainable} requests/s`);
  }

  await sleep(3000);
  await runBacklog({
    url,
    databaseUrl: deps.databaseUrl,
    admin: await issueToken(SECRET, { subject: 'bench-backlog', admin: true }),
    configurationId: deps.configurationId,
    rate: sustainable,
    baselineP99: sustainedP99,
    next,
    send,
  });

  for (const factor of [2, 5]) {
    await sleep(3000);
    const target = sustainable * factor;
    const shedBefore = shedTimingOf(await metricsOf(url));
    const stopPeak = peakRss(api);
    // Recovery is probed from the moment the sending stops, while late answers still arrive.
    let recovery: Promise<number> = Promise.resolve(Infinity);
    const result = await runAt(target, seconds, next, send, {
      stopped: (at) => (recovery = recoveryMs(url, next, at)),
    });
    const recovered = await recovery;
    const peak = Math.max(stopPeak(), mib(await rssOf(api.pid!)));
    report(`${factor}× (${target} requests/s for ${seconds} s)`, result);
    console.log(
      `  api RSS peak ${peak.toFixed(0)} MiB (${(peak / idle).toFixed(2)}× idle); ` +
        `full service ${ms(recovered)} after the last request was sent`,
    );
    const metrics = await metricsOf(url);
    const shedAfter = shedTimingOf(metrics);
    console.log(`  ${admissionLine(metrics)}`);
    targets(result, peak / idle, recovered, {
      all: shedAfter.all - shedBefore.all,
      fast: shedAfter.fast - shedBefore.fast,
    });
  }
}
