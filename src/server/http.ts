import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import express, { type NextFunction, type Request, type Response } from 'express';
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
import { createMetrics, type Metrics } from '../shared/metrics';
import { createRateLimiters } from '../shared/rate-limit';
import { createContext, type Context } from './context';
import { createErrorFormatter } from './format-error';
import { operationLimitsPlugin } from './operation-limits';
import { opsRoutes } from './ops-routes';
import {
  errorLoggingPlugin,
  metricsPlugin,
  mutationRateLimitPlugin,
  retryStatusPlugin,
} from './plugins';
import { requestContext, requestInfo } from './request-context';
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
  /** This process's metrics (the issuer records into the same); default: a new registry. */
  metrics?: Metrics;
  /** The live feeds subscriptions read from. */
  live: LiveFeeds;
}

export interface RunningHttpServer {
  server: http.Server;
  apollo: ApolloServer<Context>;
  subscriptions: SubscriptionServer;
  url: string;
  metrics: Metrics;
  stop(): Promise<void>;
}

export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const { config, logger, orm, schema, verifyToken, progressListeners, issuance, live } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger, metrics));
  const limiters = createRateLimiters(config, orm, logger);
  const verification = await setUpVerification(config, {
    signer: deps.signer,
    storage: deps.storage,
    limiter: limiters.verify,
  });
  const server = http.createServer(app);

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createErrorFormatter(),
    includeStacktraceInErrorResponses: false,
    // Introspection is allowed here and restricted per caller by operationLimitsPlugin.
    introspection: true,
    allowBatchedHttpRequests: config.limits.maxBatchOperations > 1,
    // main.ts owns SIGINT/SIGTERM and stops everything in order, Apollo included.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin(metrics),
      errorLoggingPlugin(logger),
      operationLimitsPlugin(config.limits, metrics),
      mutationRateLimitPlugin(limiters.mutations, metrics),
      retryStatusPlugin(),
    ],
  });
  await apollo.start();

  app.use(opsRoutes({ config, orm, metrics }));

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
    storage: issuance.storage,
    live,
  };
  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    bodyErrors(config.limits.maxBodyBytes),
    batchLimit(config.limits.maxBatchOperations),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const viewer = await verifyToken(req.headers.authorization).catch(asHttpError);
        return createContext(
          { ...contextBase, logger: requestInfo(res).logger, clientAddress: req.ip ?? null },
          viewer,
        );
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
    metrics,
    stop: async () => {
      // First: the drain below would end upgraded sockets without a WebSocket close frame.
      await subscriptions.close();
      await apollo.stop();
      await verification.close();
      await limiters.close();
    },
  };
}

/** A GraphQL-shaped error answer outside Apollo (body parsing, batch size). */
function refuse(res: Response, status: number, message: string, limit?: [string, number]): void {
  res.status(status).json({
    errors: [
      {
        message,
        extensions: {
          code: status === 413 || limit ? 'BAD_USER_INPUT' : 'BAD_REQUEST',
          ...(limit ? { limit: limit[0], maximum: limit[1] } : {}),
        },
      },
    ],
  });
}

/** 413 for a body over MAX_BODY_BYTES, 400 for one that is not JSON. */
function bodyErrors(maxBodyBytes: number) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large') {
      refuse(res, 413, `The request body exceeds ${maxBodyBytes} bytes (MAX_BODY_BYTES)`, [
        'MAX_BODY_BYTES',
        maxBodyBytes,
      ]);
    } else if (type === 'entity.parse.failed') {
      refuse(res, 400, 'The request body is not valid JSON');
    } else if (typeof type === 'string') {
      refuse(res, 400, 'The request body could not be read');
    } else {
      next(error);
    }
  };
}

function batchLimit(maxBatchOperations: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    if (Array.isArray(body) && body.length > maxBatchOperations) {
      refuse(
        res,
        400,
        `The batch holds ${body.length} operations; at most ${maxBatchOperations} are allowed (MAX_BATCH_OPERATIONS)`,
        ['MAX_BATCH_OPERATIONS', maxBatchOperations],
      );
      return;
    }
    next();
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
