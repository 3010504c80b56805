import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import proxyAddress from 'proxy-addr';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import {
  type CredentialSigner,
  type ObjectStorage,
  issuanceRoutes,
  type IssuanceRuntime,
} from '../modules/issuance';
import type { ConnectorDeps } from '../modules/openedx';
import type { ProgressListener } from '../modules/progress';
import { setUpVerification, createVerifyRouter } from '../modules/verification';
import { previewRoutes, webCertificateRoutes } from '../modules/certificates';
import {
  badgeFileRoutes,
  openBadgeRoutes,
  setUpOpenBadges,
  statusListRoutes,
} from '../modules/openbadges';
import { withDeadline } from '../shared/deadline';
import { DomainError } from '../shared/errors';
import { errorResponse, jsonErrorHandler, jsonNotFound } from '../shared/error-response';
import type { Logger } from '../shared/logger';
import { createMetrics, type Metrics } from '../shared/metrics';
import { createRateLimiters } from '../shared/rate-limit';
import { type Admission, createAdmission, httpAdmission, restAdmission } from './admission';
import { createContext, type Context } from './context';
import { createErrorFormatter } from './format-error';
import { consoleRoutes } from './console-routes';
import { landingRoutes } from './landing';
import {
  createOperationCheck,
  isServiceToken,
  listCaps,
  MAX_DOCUMENT_TOKENS,
  operationCheckPlugin,
} from './operation-check';
import { jobCounts, opsRoutes } from './ops-routes';
import { errorLoggingPlugin, metricsPlugin, retryStatusPlugin } from './plugins';
import { beginRequests, requestInfo, type ResponseWithLocals } from './request-context';
import { admitBatch, jsonOnly, refuseBody } from './graphql-refusals';
import { createGraphQLEndpoint, servesDirectly } from './graphql-endpoint';
import { storableTextPlugin, storableUrlText } from './storable-text';
import type { LiveFeeds } from './live';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions';
import type { TokenVerifier } from './auth/token-verifier';
import { lacksCsrfHeader, requestToken } from './auth/browser-session';
import { browserRoutes, csrfPlugin } from './browser-routes';
import { corsHandler } from './cors';
import { widgetRoutes } from './widget-route';

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
  /** The Open edX connector of this process (status source, replay pipeline). */
  connector?: ConnectorDeps;
  /** This process's admission control (the connector waits on it too); default: from config. */
  admission?: Admission;
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
  const begin = beginRequests(logger, metrics);
  const ownAdmission = deps.admission === undefined;
  const admission = deps.admission ?? createAdmission(config.admission);
  admission.onShed((reason, priority) => metrics.admissionShed.inc({ reason, priority }));
  metrics.setAdmissionSource(() => admission.status());
  const admitRequest = httpAdmission(admission, logger);
  app.use((req: Request, res: Response, next: NextFunction) => {
    begin(req, res as unknown as ResponseWithLocals, req.originalUrl);
    next();
  });
  const limiters = createRateLimiters(config, orm, logger);
  const verification = await setUpVerification(config, {
    signer: deps.signer,
    storage: deps.storage,
    limiter: limiters.verify,
  });
  const openBadges = await setUpOpenBadges(config, orm.em);
  const previews = { previews: issuance.previews, limiter: limiters.previews };
  // Plain JSON POSTs to /graphql skip express (graphql-endpoint.ts); the rest is express's.
  let serveGraphQL: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  const cors = corsHandler(config.corsOrigins);
  const server = http.createServer(
    {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      keepAliveTimeout: config.http.keepAliveTimeoutMs,
    },
    // Every request's work runs under its deadline, counted from its arrival.
    (req, res) =>
      withDeadline(config.http.operationDeadlineMs, () => {
        if (cors(req, res)) return;
        if (serveGraphQL !== null && servesDirectly(req)) void serveGraphQL(req, res);
        else app(req, res);
      }),
  );
  // One check for both transports, with one set of rate-limit budgets.
  const checkOperation = createOperationCheck({
    limits: config.limits,
    caps: listCaps(config),
    limiters,
    metrics,
    serviceToken: config.federationServiceToken,
  });

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createErrorFormatter(),
    includeStacktraceInErrorResponses: false,
    // Introspection is allowed here and restricted per caller by the operation check.
    introspection: true,
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    allowBatchedHttpRequests: config.limits.maxBatchOperations > 1,
    // main.ts owns SIGINT/SIGTERM and stops everything in order, Apollo included.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginInlineTraceDisabled(),
      // No type or field carries a cache hint: the default plugin would only walk every field.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(metrics),
      errorLoggingPlugin(logger),
      operationCheckPlugin(checkOperation),
      storableTextPlugin(),
      retryStatusPlugin(),
      csrfPlugin(),
    ],
  });
  await apollo.start();

  // GraphQL first: it is what most requests are for, and they skip the routers below.
  const contextBase = {
    em: orm.em,
    config,
    logger,
    progressListeners,
    verification: verification.deps,
    issuance,
    storage: issuance.storage,
    live,
    connector: deps.connector,
    openBadges,
    previews,
  };
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const graphqlContext = async (req: IncomingMessage, res: ResponseWithLocals) => {
    let token: ReturnType<typeof requestToken>;
    try {
      // The Authorization header, else the Open edX JWT cookie pair (trusted origins only).
      token = requestToken(req.headers, config);
    } catch (error) {
      asHttpError(error);
    }
    const authorization = token.authorization ?? undefined;
    // The router's FEDERATION_SERVICE_TOKEN is no JWT: it only opens `_service`.
    const viewer = isServiceToken(authorization, config.federationServiceToken)
      ? null
      : await verifyToken(authorization).catch(asHttpError);
    return createContext(contextBase, viewer, {
      // What express's `req.ip` reads: the client's address as TRUST_PROXY allows.
      clientAddress: () => proxyAddress(req, trustProxy) ?? null,
      logger: () => requestInfo(res).logger,
      cookieWithoutCsrf: lacksCsrfHeader(token, req.headers),
    });
  };
  const { maxBodyBytes, maxBatchOperations } = config.limits;
  serveGraphQL = createGraphQLEndpoint({
    apollo,
    maxBodyBytes,
    begin,
    enter: admitRequest,
    admit: (body, res) => admitBatch(body, res, maxBatchOperations),
    context: graphqlContext,
    refuse: (res, error) => refuseBody(res, error, maxBodyBytes),
  });
  app.use(
    '/graphql',
    (req: Request, res: Response, next: NextFunction) => {
      admitRequest(req, res).then((admitted) => {
        if (admitted) next();
      }, next);
    },
    jsonOnly,
    express.json({ limit: maxBodyBytes }),
    (error: unknown, _req: Request, res: Response, _next: NextFunction) =>
      // Express tells error handlers by their four parameters.
      refuseBody(res as unknown as ResponseWithLocals, error, maxBodyBytes),
    (req: Request, res: Response, next: NextFunction) => {
      if (admitBatch(req.body, res as unknown as ResponseWithLocals, maxBatchOperations)) next();
    },
    expressMiddleware(apollo, {
      context: ({ req, res }) => graphqlContext(req, res as unknown as ResponseWithLocals),
    }),
  );
  app.use(
    opsRoutes({
      config,
      orm,
      metrics,
      readiness: [() => (admission.status().overloaded ? 'overloaded' : null)],
      details: async () => {
        const { limit, inFlight, queued, pressure } = admission.status();
        return {
          admission: { limit, inFlight, queued, pressure },
          jobs: jobCounts(await issuance.jobs.depth()),
        };
      },
    }),
  );
  // Everything below passes admission control; health, readiness and metrics above never do.
  app.use(restAdmission(admission, logger));
  app.use(landingRoutes(config));
  app.use(consoleRoutes());
  app.use(browserRoutes());
  app.use(widgetRoutes());
  // (/verify reads nothing but a UUID, and answers any other address with its not-found page.)
  app.use(['/credentials', '/assets', '/achievements'], storableUrlText);

  app.use(
    '/verify',
    createVerifyRouter({
      em: orm.em,
      verification: verification.deps,
      storage: verification.storage,
      logger,
      openBadges,
    }),
  );

  app.use(
    webCertificateRoutes({
      em: orm.em,
      verification: verification.deps,
      storage: verification.storage,
      verifyToken,
      logger,
      openBadges,
    }),
  );
  app.use(openBadgeRoutes(openBadges));
  app.use(statusListRoutes(openBadges, () => orm.em.fork()));
  app.use(
    badgeFileRoutes({
      em: () => orm.em.fork(),
      storage: issuance.storage,
      openBadges,
      verifyToken,
      logger,
    }),
  );

  app.use(previewRoutes({ em: () => orm.em.fork(), previews, verifyToken, logger }));
  app.use(
    issuanceRoutes({ em: () => orm.em.fork(), storage: issuance.storage, verifyToken, logger }),
  );

  app.use(jsonNotFound());
  app.use(jsonErrorHandler(logger));

  const subscriptions = startSubscriptionServer({
    server,
    schema,
    config,
    logger,
    verifyToken,
    contextBase,
    checkOperation,
    admission,
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  if (ownAdmission) admission.start();
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
      if (ownAdmission) admission.stop();
    },
  };
}

/** Errors thrown while building the context answer with their own code and HTTP status. */
function asHttpError(error: unknown): never {
  if (error instanceof DomainError) {
    const { status, code, message, extensions } = errorResponse(error);
    throw new GraphQLError(message, {
      originalError: error,
      extensions: { code, ...extensions, http: { status } },
    });
  }
  throw error;
}
