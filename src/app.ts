import type { Config } from './config';
import { openDatabase } from './db/database';
import { type IssuanceRuntime, startIssuance } from './modules/issuance/runtime';
import type { ProgressListener } from './modules/progress/reevaluate';
import { resolveJwtSecret } from './server/auth/local-secret';
import { createTokenVerifier } from './server/auth/token-verifier';
import { startHttpServer } from './server/http';
import { buildSubgraph } from './server/schema';
import { MemoryEventBus } from './shared/events';
import type { Logger } from './shared/logger';
import { createMetrics, type Metrics } from './shared/metrics';

export interface Laurel {
  url: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  issuance: IssuanceRuntime;
  metrics: Metrics;
  stop(): Promise<void>;
}

/** Boots Laurel: database (migrated), schema, HTTP server. `stop` shuts down in order. */
export async function startLaurel(
  config: Config,
  logger: Logger,
  hooks: {
    onQuery?: (sql: string) => void;
    progressListeners?: readonly ProgressListener[];
    /** The caller handles SIGINT/SIGTERM by calling `stop` (the server process does). */
    ownSignals?: boolean;
  } = {},
): Promise<Laurel> {
  const database = await openDatabase(config, logger, {
    onQuery: hooks.onQuery,
    ownSignals: hooks.ownSignals,
  });
  let issuance: IssuanceRuntime | null = null;
  const metrics = createMetrics();
  try {
    const events = new MemoryEventBus((err) => logger.error({ err }, 'an event subscriber failed'));
    issuance = await startIssuance({
      config,
      databaseUrl: database.url,
      orm: database.orm,
      events,
      logger,
      metrics,
    });
    const [schema, secret] = await Promise.all([buildSubgraph(), resolveJwtSecret(config)]);
    const verifyToken = createTokenVerifier({ ...config.auth, secret });
    const http = await startHttpServer({
      config,
      logger,
      orm: database.orm,
      schema,
      verifyToken,
      progressListeners: [issuance.progressListener, ...(hooks.progressListeners ?? [])],
      issuance,
      signer: issuance.signer,
      storage: issuance.storage,
      metrics,
    });
    const running = issuance;
    return {
      url: http.url,
      databaseUrl: database.url,
      embeddedDatabase: database.embedded,
      issuance: running,
      metrics,
      stop: async () => {
        logger.debug('stopping: http');
        await http.stop();
        logger.debug('stopping: issuance');
        await running.stop();
        logger.debug('stopping: database');
        await database.close();
      },
    };
  } catch (error) {
    await issuance?.stop();
    await database.close();
    throw error;
  }
}
