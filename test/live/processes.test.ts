import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { issueToken } from '../../src/server/auth/issue-token';
import {
  CreateConfigurationDocument,
  CredentialEventsDocument,
  ProgressChangedDocument,
  RecordProgressDocument,
  UpsertCourseDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import { TEST_SECRET } from '../support/app';
import { createTestDatabase } from '../support/database';
import { courseInput } from '../support/fixtures';
import { type LaurelProcess, spawnLaurel } from '../support/process';
import { SHARED_REDIS_URL, uniquePrefix } from '../support/redis';
import { bearer, connect, type LiveClient, watch } from '../support/ws';

/**
 * Scale-out: two api processes and one worker process on one PostgreSQL and the machine's
 * Redis. A subscriber on A receives what B and the worker cause; SIGTERM closes A's
 * subscribers with a close frame.
 */
jest.setTimeout(120_000);

let database: { url: string; drop(): Promise<void> };
let home: string;
const processes: LaurelProcess[] = [];
const clients: LiveClient[] = [];
let urlA: string;
let urlB: string;
let workerUrl: string;
const COURSE = courseInput('course-v1:Scale+C+2026', { blocks: 4 });
const QUIET = courseInput('course-v1:Scale+Q+2026', { blocks: 4 });

async function start(role: 'api' | 'worker', env: Record<string, string>): Promise<string> {
  const child = spawnLaurel({ LAUREL_ROLE: role, ...env });
  processes.push(child);
  const line = await child.waitFor(/Laurel is ready/, 60_000);
  return (JSON.parse(line) as { url: string }).url;
}

async function gql<T, V>(
  url: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  token: string,
) {
  const response = await fetch(url.replace('//localhost:', '//127.0.0.1:'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer(token) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

let admin: string;
let configurationId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-scale-'));
  const env = {
    DATABASE_URL: database.url,
    LAUREL_HOME: home,
    AUTH_JWT_SECRET: TEST_SECRET,
    REDIS_URL: SHARED_REDIS_URL,
    REDIS_CHANNEL_PREFIX: uniquePrefix('scale'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    RECONCILE_CRON: 'off',
    RENDER_THREADS: '0',
  };
  // One after the other: the first creates the signing key the others then read.
  workerUrl = await start('worker', env);
  urlA = await start('api', env);
  urlB = await start('api', env);

  admin = await issueToken(TEST_SECRET, { subject: 'admin', admin: true });
  for (const course of [COURSE, QUIET]) {
    await gql(urlB, UpsertCourseDocument, { input: course }, admin);
  }
  await gql(urlB, UpsertLearnerDocument, { input: { id: 'sam', name: 'Sam Scale' } }, admin);
  const created = await gql(
    urlB,
    CreateConfigurationDocument,
    {
      input: {
        name: 'Certificate',
        courseId: COURSE.id,
        requirements: [{ kind: 'COMPLETION', min: 0.5 }],
        autoIssue: true,
      },
    },
    admin,
  );
  configurationId = created.createCredentialConfiguration.id;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  for (const child of processes) {
    if (child.child.exitCode === null) child.child.kill('SIGTERM');
    await child.exited;
  }
  await database.drop();
  await fs.rm(home, { recursive: true, force: true });
});

async function open(url: string, token: string): Promise<LiveClient> {
  const client = connect(url, bearer(token));
  clients.push(client);
  await client.connected;
  return client;
}

it('a subscriber on A receives the ISSUED event of a credential the worker made after recordProgress on B', async () => {
  const staff = await issueToken(TEST_SECRET, { subject: 'staff', staffCourses: [COURSE.id] });
  const onA = await open(urlA, staff);
  const events = watch(onA, CredentialEventsDocument, { courseId: COURSE.id });
  const progress = watch(onA, ProgressChangedDocument, { courseId: COURSE.id });
  const quiet = watch(
    await open(urlB, await issueToken(TEST_SECRET, { subject: 'q', staffCourses: [QUIET.id] })),
    CredentialEventsDocument,
    { courseId: QUIET.id },
  );
  // The process opens a watch a few milliseconds after the subscribe message: leave it
  // ample time, since nothing here can tell when it has.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const occurredAt = '2026-02-01T00:00:00Z';
  await gql(
    urlB,
    RecordProgressDocument,
    {
      input: {
        enrollments: [{ learnerId: 'sam', courseId: COURSE.id, active: true, occurredAt }],
        completions: COURSE.blocks.slice(0, 3).map((block) => ({
          learnerId: 'sam',
          courseId: COURSE.id,
          blockId: block.id,
          completion: 1,
          occurredAt,
        })),
      },
    },
    admin,
  );

  const changed = (await progress.next(30_000)).progressChanged;
  expect(changed).toMatchObject({
    learnerId: 'sam',
    eligible: true,
    progress: 1,
    configuration: { id: configurationId },
  });
  const issued = (await events.next(60_000)).credentialEvents;
  expect(issued).toMatchObject({
    type: 'ISSUED',
    credential: { learnerId: 'sam', status: 'AVAILABLE', configuration: { id: configurationId } },
  });
  await quiet.expectNothing();
  await events.expectNothing(0);
});

it('a worker serves health, readiness and metrics only, no API', async () => {
  const base = workerUrl.replace('//localhost:', '//127.0.0.1:');
  expect(base).not.toMatch(/graphql/);
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const metrics = await fetch(`${base}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('laurel_credential_generations_total');
  const graphql = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer(admin) },
    body: JSON.stringify({ query: '{ courses { totalCount } }' }),
  });
  expect(graphql.status).toBe(404);
});

it('runs a worker at WORKER_NICE (default 10) and api processes at normal priority', () => {
  const niceOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const [worker, apiA] = processes;
  expect(niceOf(worker!.child.pid!)).toBe(10);
  expect(niceOf(apiA!.child.pid!)).toBe(0);
});

it('SIGTERM closes the subscribers of a process with a close frame, and the process exits 0', async () => {
  const onA = await open(urlA, admin);
  const watching = watch(onA, CredentialEventsDocument, {});
  await new Promise((resolve) => setTimeout(resolve, 200));
  const processA = processes[1];
  processA.child.kill('SIGTERM');
  expect(await onA.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
  await watching.ended;
  expect(await processA.exited).toBe(0);
});
