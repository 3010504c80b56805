import express from 'express';
import http from 'node:http';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import { jsonErrorHandler, jsonNotFound } from '../shared/error-response';
import type { Logger } from '../shared/logger';
import type { Metrics } from '../shared/metrics';
import { opsRoutes, type ReadinessCheck, type ReadinessDetails } from './ops-routes';
import { requestContext } from './request-context';

export interface RunningOpsServer {
  /** Base URL of the health and metrics routes. */
  url: string;
  stop(): Promise<void>;
}

/**
 * What a worker or connector process serves on PORT: health, readiness and metrics for its
 * orchestrator, no API (`LAUREL_ROLE=worker` renders and stores, `connector` reads the Open
 * edX event bus; api processes answer clients).
 */
export async function startOpsServer(deps: {
  config: Config;
  logger: Logger;
  orm: Orm;
  metrics: Metrics;
  readiness?: readonly ReadinessCheck[];
  details?: ReadinessDetails;
}): Promise<RunningOpsServer> {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(logger, metrics));
  app.use(opsRoutes(deps));
  app.use(jsonNotFound(`A ${config.role} process serves /healthz, /readyz and /metrics only`));
  app.use(jsonErrorHandler(logger));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
