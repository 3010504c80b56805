import type { Config } from './config';
import { openDatabase } from './db/database';
import type { ProgressListener } from './modules/progress/reevaluate';
import { loadOrCreateLocalSecret } from './server/auth/local-secret';
import { createTokenVerifier } from './server/auth/token-verifier';
import { startHttpServer } from './server/http';
import { buildSubgraph } from './server/schema';
import type { Logger } from './shared/logger';

export interface Laurel {
  url: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  stop(): Promise<void>;
}

/** The JWT secret: configured, or (without a JWKS URL) the local one under LAUREL_HOME. */
export async function resolveJwtSecret(config: Config): Promise<string | null> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  return config.auth.jwksUrl ? null : loadOrCreateLocalSecret(config.home);
}

/** Boots Laurel: database (migrated), schema, HTTP server. `stop` shuts down in order. */
export async function startLaurel(
  config: Config,
  logger: Logger,
  hooks: {
    onQuery?: (sql: string) => void;
    progressListeners?: readonly ProgressListener[];
  } = {},
): Promise<Laurel> {
  const database = await openDatabase(config, logger, hooks.onQuery);
  try {
    const [schema, secret] = await Promise.all([buildSubgraph(), resolveJwtSecret(config)]);
    const verifyToken = createTokenVerifier({ ...config.auth, secret });
    const http = await startHttpServer({
      config,
      logger,
      orm: database.orm,
      schema,
      verifyToken,
      progressListeners: hooks.progressListeners,
    });
    return {
      url: http.url,
      databaseUrl: database.url,
      embeddedDatabase: database.embedded,
      stop: async () => {
        await http.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
