import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import type { ProgressListener } from '../modules/progress/reevaluate';
import { DomainError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { createContext, type Context } from './context';
import { createErrorFormatter } from './format-error';
import type { TokenVerifier } from './auth/token-verifier';

export interface HttpServerDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  schema: GraphQLSchema;
  verifyToken: TokenVerifier;
  progressListeners?: readonly ProgressListener[];
}

export interface RunningHttpServer {
  server: http.Server;
  apollo: ApolloServer<Context>;
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
  const { config, logger, orm, schema, verifyToken, progressListeners } = deps;
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
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
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await verifyToken(req.headers.authorization).catch(asHttpError);
        return createContext({ em: orm.em, config, logger, progressListeners }, viewer);
      },
    }),
  );

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    apollo,
    url: `http://localhost:${port}/graphql`,
    stop: () => apollo.stop(),
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
