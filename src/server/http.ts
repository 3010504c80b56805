import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import type { CredentialSigner } from '../modules/issuance/signing';
import type { ObjectStorage } from '../modules/issuance/storage';
import { issuanceRoutes } from '../modules/issuance/issuance.http';
import type { IssuanceRuntime } from '../modules/issuance/runtime';
import type { ProgressListener } from '../modules/progress/reevaluate';
import { setUpVerification } from '../modules/verification/verification.setup';
import { createVerifyRouter } from '../modules/verification/verify-page';
import { DomainError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createContext, type Context } from './context';
import { createErrorFormatter } from './format-error';
import type { LiveFeeds } from './live';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions';
import type { TokenVerifier } from './auth/token-verifier';

export interface HttpServerDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  schema: GraphQLSchema;
  verifyToken: TokenVerifier;
  progressListeners?: readonly ProgressListener[];
  /** The issuer's signing key, to check signatures on verification; default: from config. */
  signer?: CredentialSigner;
  /** The issuer's storage, for public PDF downloads; default: made from config. */
  storage?: ObjectStorage;
  /** Job queue, storage and events of the issuer pipeline. */
  issuance: IssuanceRuntime;
  /** The live feeds subscriptions read from. */
  live: LiveFeeds;
}

export interface RunningHttpServer {
  server: http.Server;
  apollo: ApolloServer<Context>;
  subscriptions: SubscriptionServer;
  url: string;
  stop(): Promise<void>;
}

async function databaseReachable(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const { config, logger, orm, schema, verifyToken, progressListeners, issuance, live } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const verification = await setUpVerification(config, {
    signer: deps.signer,
    storage: deps.storage,
  });
  const server = http.createServer(app);

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM and stops everything in order, Apollo included.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await databaseReachable(orm);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unreachable' });
  });

  app.use(
    '/verify',
    createVerifyRouter({
      em: orm.em,
      verification: verification.deps,
      storage: verification.storage,
      logger,
    }),
  );

  app.use(
    issuanceRoutes({ em: () => orm.em.fork(), storage: issuance.storage, verifyToken, logger }),
  );

  const contextBase = {
    em: orm.em,
    config,
    logger,
    progressListeners,
    verification: verification.deps,
    issuance,
    live,
  };
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await verifyToken(req.headers.authorization).catch(asHttpError);
        return createContext({ ...contextBase, clientAddress: req.ip ?? null }, viewer);
      },
    }),
  );
  const subscriptions = startSubscriptionServer({
    server,
    schema,
    config,
    logger,
    verifyToken,
    contextBase,
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    apollo,
    subscriptions,
    url: `http://localhost:${port}/graphql`,
    stop: async () => {
      // First: the drain below would end upgraded sockets without a WebSocket close frame.
      await subscriptions.close();
      await apollo.stop();
      await verification.close();
    },
  };
}

/** Errors thrown while building the context answer with their own code and HTTP status. */
function asHttpError(error: unknown): never {
  if (error instanceof DomainError) {
    const status = error.code === 'UNAUTHENTICATED' ? 401 : 400;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
  }
  throw error;
}
