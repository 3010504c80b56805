/**
 * Imports from an Open edX LMS (OPENEDX_LMS_URL, OPENEDX_CLIENT_ID, OPENEDX_CLIENT_SECRET)
 * into the database Laurel uses (DATABASE_URL, or the embedded one under LAUREL_HOME):
 *   npm run openedx -- backfill --course <course key> [--course <key> …] [--restart]
 *   npm run openedx -- backfill --all [--restart]
 * Progress goes to stderr, the summary to stdout. Credentials that become due are queued;
 * a running Laurel worker generates them. Exit code 0 when every course was imported.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { autoIssueListener } from '../src/modules/credentials';
import { JobQueue } from '../src/modules/issuance';
import { formatSummary, LmsClient, runBackfill, streamProgress } from '../src/modules/openedx';
import { IngestService } from '../src/modules/progress';
import { createLogger } from '../src/shared/logger';

const USAGE = 'Usage: npm run openedx -- backfill (--course <course key> … | --all) [--restart]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      course: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      restart: { type: 'boolean', default: false },
    },
  });
  const courses = values.course ?? [];
  if (
    positionals[0] !== 'backfill' ||
    positionals.length !== 1 ||
    courses.length > 0 === values.all
  ) {
    console.error(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const { lmsUrl, clientId, clientSecret, requestTimeoutMs } = config.openedx;
  if (!lmsUrl || !clientId || !clientSecret) {
    console.error('Set OPENEDX_LMS_URL, OPENEDX_CLIENT_ID and OPENEDX_CLIENT_SECRET first.');
    return 2;
  }
  // Logs are for problems only: the progress and the summary are the output.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const database = await openDatabase(config, logger, { ownSignals: false });
  const jobs = await JobQueue.start({
    databaseUrl: database.url,
    worker: false,
    poolMax: 2,
    logger,
    connectTimeoutMs: config.database.connectTimeoutMs,
    ...config.jobs,
  });
  try {
    const listeners = [autoIssueListener(jobs)];
    const started = Date.now();
    const summary = await runBackfill(
      {
        lms: new LmsClient({
          baseUrl: lmsUrl,
          clientId,
          clientSecret,
          timeoutMs: requestTimeoutMs,
        }),
        em: () => database.orm.em.fork(),
        ingest: (em) =>
          new IngestService(em, { maxBatchFacts: config.maxBatchFacts, listeners, logger }),
        maxBatchFacts: config.maxBatchFacts,
        logger,
        progress: streamProgress(process.stderr),
      },
      values.all ? { all: true } : { courseIds: courses },
      { restart: values.restart },
    );
    console.log(formatSummary(summary, (Date.now() - started) / 1000));
    return summary.failed.length === 0 ? 0 : 1;
  } finally {
    await jobs.stop(1000);
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The backfill failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
