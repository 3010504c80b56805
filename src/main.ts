import 'reflect-metadata';
import os from 'node:os';
import { startLaurel } from './app';
import { ConfigError, loadConfig } from './config';
import { tokenHint } from './server/auth/token-hint';
import { createLogger } from './shared/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Laurel cannot start. ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.role === 'worker') lowerPriority(config.jobs.workerNice, logger);
  const started = Date.now();
  // Signals are ours from the first moment: one that arrives during boot stops the
  // service as soon as it is up, so nothing it started (PostgreSQL) outlives it.
  const booting = startLaurel(config, logger, { ownSignals: true });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    booting
      .then((laurel) => laurel.stop())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const laurel = await booting;
  logger.info(
    {
      url: laurel.url,
      database: laurel.embeddedDatabase ? 'embedded' : 'external',
      role: config.role,
      startupMs: Date.now() - started,
    },
    config.role === 'worker' || config.role === 'connector'
      ? `Laurel is ready at ${laurel.url} (${config.role}: /healthz, /readyz and /metrics only)`
      : `Laurel is ready at ${laurel.url}`,
  );
  if (laurel.embeddedDatabase && !config.auth.jwtSecret && !config.auth.jwksUrl) {
    logger.info(tokenHint(config));
  }
}

/**
 * A worker's jobs are background work: on Linux this thread's niceness (and that of the
 * threads it starts later) yields the CPU to api processes and PostgreSQL on a shared host.
 */
function lowerPriority(nice: number, logger: ReturnType<typeof createLogger>): void {
  if (nice === 0) return;
  try {
    os.setPriority(0, Math.max(os.getPriority(0), nice));
  } catch (error) {
    logger.warn({ err: error }, 'could not lower the worker’s CPU priority (WORKER_NICE)');
  }
}

main().catch((error: unknown) => {
  console.error('Laurel failed to start:', error);
  process.exit(1);
});
