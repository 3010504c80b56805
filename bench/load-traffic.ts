/**
 * The load benchmark's traffic on the progress profile, and one run of it at a fixed rate:
 *   80% learnerProgress (a learner's own token, one course),
 *   15% recordProgress (the ingest account, 5 completions of one learner),
 *    5% admin mutations (issueCredential with force, which the worker renders; upsertLearner).
 */
import http from 'node:http';
import { issueToken } from '../src/server/auth/issue-token';
import { courseId, LEARNERS } from './progress-seed';

export const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const TOKENS = 500;

export type Operation = 'learnerProgress' | 'recordProgress' | 'issueCredential' | 'upsertLearner';

export interface Request {
  operation: Operation;
  token: string;
  body: object;
}

export const LEARNER_PROGRESS = `query LearnerProgress($c: ID) { learnerProgress(courseId: $c) {
  configuration { id name } eligible progress requirements { kind current required met } } }`;

/** The mix of requests, in a fixed order. */
export async function trafficOf(configurationId: string): Promise<() => Request> {
  const learnerTokens = await Promise.all(
    Array.from({ length: TOKENS }, (_, i) => issueToken(SECRET, { subject: `L${i * 20}` })),
  );
  const ingest = await issueToken(SECRET, { subject: 'bench-ingest', ingest: true });
  const admin = await issueToken(SECRET, { subject: 'bench-admin', admin: true });
  let sequence = 0;
  return () => {
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
          query: LEARNER_PROGRESS,
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
}

/** What one run saw: admitted latencies per operation, refusals (503) and other errors. */
export interface RunResult {
  sent: number;
  seconds: number;
  /** When the last request was sent (performance.now()). */
  stoppedAt: number;
  admitted: Map<Operation, number[]>;
  /** Latency of each 503 SERVICE_UNAVAILABLE answer with Retry-After. */
  shed: number[];
  /** The same, per operation (ingest waits longer before it is refused). */
  shedBy: Map<Operation, number[]>;
  errors: string[];
}

export type Send = (request: Request, result: RunResult) => Promise<void>;

/** One keep-alive pool for every sender: the load client should cost the shared cores little. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** POSTs `body` with node:http (a fraction of fetch's CPU per request); status, headers, text. */
function post(
  url: URL,
  token: string,
  body: string,
): Promise<{ status: number; retryAfter: boolean; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'] !== undefined,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export function sender(url: string): Send {
  const target = new URL(url);
  return async ({ operation, token, body }, result) => {
    const started = performance.now();
    try {
      const response = await post(target, token, JSON.stringify(body));
      const { text } = response;
      let answer: { errors?: { extensions?: { code?: string } }[] };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        result.errors.push(
          `${operation}: ${response.status} ${text.slice(0, 120) || '(empty body)'}`,
        );
        return;
      }
      const ms = performance.now() - started;
      const code = answer.errors?.[0]?.extensions?.code;
      if (response.status === 503 && code === 'SERVICE_UNAVAILABLE' && response.retryAfter) {
        result.shed.push(ms);
        const list = result.shedBy.get(operation) ?? [];
        list.push(ms);
        result.shedBy.set(operation, list);
        return;
      }
      if (response.status !== 200 || answer.errors) {
        result.errors.push(
          `${operation}: ${response.status} ${JSON.stringify(answer.errors).slice(0, 200)}`,
        );
        return;
      }
      const list = result.admitted.get(operation) ?? [];
      list.push(ms);
      result.admitted.set(operation, list);
    } catch (error) {
      result.errors.push(`${operation}: ${String(error)}`);
    }
  };
}

export const emptyResult = (): RunResult => ({
  sent: 0,
  seconds: 0,
  stoppedAt: 0,
  admitted: new Map(),
  shed: [],
  shedBy: new Map(),
  errors: [],
});

export interface RunOptions {
  /** Runs every 10 s of the run. */
  tick?: () => Promise<void>;
  /** Ends the sending early once it says so. */
  done?: () => boolean;
  /** Called when the last request has been sent, before the answers are awaited. */
  stopped?: (at: number) => void;
}

/**
 * Sends `rate` requests per second for `seconds` (open loop: a slow answer does not slow
 * the sending), or until `done` says so, then waits for every answer.
 */
export async function runAt(
  rate: number,
  seconds: number,
  next: () => Request,
  send: Send,
  options: RunOptions = {},
): Promise<RunResult> {
  const { tick = async () => {}, done = () => false } = options;
  const result = emptyResult();
  const inFlight = new Set<Promise<void>>();
  const startedAt = performance.now();
  let nextTick = startedAt + 10_000;
  while (performance.now() - startedAt < seconds * 1000 && !done()) {
    const due = Math.floor(((performance.now() - startedAt) / 1000) * rate);
    while (result.sent < due) {
      const promise = send(next(), result).finally(() => inFlight.delete(promise));
      inFlight.add(promise);
      result.sent += 1;
    }
    if (performance.now() >= nextTick) {
      nextTick += 10_000;
      await tick();
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  result.stoppedAt = performance.now();
  options.stopped?.(result.stoppedAt);
  await Promise.all(inFlight);
  result.seconds = (performance.now() - startedAt) / 1000;
  return result;
}
