import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { DestinationStream } from 'pino';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Laurel, startLaurel } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import type { CourseImporter } from '../../src/modules/openedx';
import type { ProgressListener } from '../../src/modules/progress/reevaluate';
import { issueToken, type TokenRequest } from '../../src/server/auth/issue-token';
import type { Clock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createTestDatabase } from './database';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  laurel: Laurel;
  config: Config;
  databaseUrl: string;
  /** SQL statements the ORM sent since the last reset. */
  sql: string[];
  token(request: TokenRequest): Promise<string>;
  adminToken: string;
  ingestToken: string;
  gql<T, V>(
    document: TypedDocumentNode<T, V>,
    variables?: V,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  raw(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<unknown>>;
  stop(): Promise<void>;
}

/** Starts a real Laurel (HTTP on a free port) on a fresh database. */
export async function startTestApp(
  env: Record<string, string> = {},
  hooks: {
    progressListeners?: readonly ProgressListener[];
    /** Where the logs go (LOG_LEVEL still applies); default: stdout. */
    logs?: DestinationStream;
    /** An existing database (another instance's) instead of a fresh one. */
    databaseUrl?: string;
    /** What the Open edX connector calls to read courses from the LMS. */
    courseImporter?: CourseImporter;
    /** The time of availability dates, expiry and renewal (a ManualClock moves it). */
    clock?: Clock;
  } = {},
): Promise<TestApp> {
  const database = hooks.databaseUrl
    ? { url: hooks.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-test-home-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LAUREL_HOME: home,
    DATABASE_URL: database.url,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    // The test shares this process, and a busy machine, with the server: admission control
    // would refuse by this process's event loop. test/hardening/overload.test.ts tests it
    // on a process of its own.
    ADMISSION_MAX_IN_FLIGHT: '0',
    ...env,
  });
  const sql: string[] = [];
  const laurel = await startLaurel(config, createLogger(config.logLevel, hooks.logs), {
    onQuery: (message) => sql.push(message),
    progressListeners: hooks.progressListeners,
    courseImporter: hooks.courseImporter,
    clock: hooks.clock,
  });
  const token = (request: TokenRequest) => issueToken(TEST_SECRET, request);

  const post = async (body: unknown, headers: Record<string, string>) => {
    const response = await fetch(laurel.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };

  return {
    laurel,
    config,
    databaseUrl: database.url,
    sql,
    token,
    adminToken: await token({ subject: 'admin-1', admin: true }),
    ingestToken: await token({ subject: 'platform', ingest: true }),
    gql: (document, variables, bearer) =>
      post(
        { query: print(document), variables },
        bearer ? { authorization: `Bearer ${bearer}` } : {},
      ) as Promise<GraphQLResponse<never>>,
    raw: (body, headers = {}) => post(body, headers),
    stop: async () => {
      await laurel.stop();
      await database.drop();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}
