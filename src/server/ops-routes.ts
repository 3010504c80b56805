import express from 'express';
import type { Config } from '../config';
import type { Orm } from '../db/orm';
import { errorResponse, sendJsonError, statusOf } from '../shared/error-response';
import { DomainError } from '../shared/errors';
import type { Metrics } from '../shared/metrics';

async function databaseReachable(orm: Orm): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}

/** A further readiness condition: null when ready, else what is wrong. */
export type ReadinessCheck = () => string | null;

/** Jobs waiting and running by queue and state: `{ "credential.generate": { "created": 3 } }`. */
export function jobCounts(depths: readonly { queue: string; state: string; count: number }[]) {
  const counts: Record<string, Record<string, number>> = {};
  for (const { queue, state, count } of depths) (counts[queue] ??= {})[state] = Number(count);
  return counts;
}

/** What /readyz tells beside its status (admission control, the job queue); never fails it. */
export type ReadinessDetails = () => Promise<Record<string, unknown>>;

/**
 * `/healthz` (process up), `/readyz` (PostgreSQL answers, and the role's own checks: a
 * connector's event-bus Redis, the API's admission control) and `/metrics`, on every role.
 */
export function opsRoutes(deps: {
  config: Config;
  orm: Orm;
  metrics: Metrics;
  readiness?: readonly ReadinessCheck[];
  details?: ReadinessDetails;
}): express.Router {
  const { config, orm, metrics } = deps;
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problem = (await databaseReachable(orm))
      ? (deps.readiness ?? []).map((check) => check()).find((found) => found !== null)
      : 'database unreachable';
    const details = deps.details ? await deps.details().catch(() => ({})) : {};
    res
      .status(problem ? statusOf('SERVICE_UNAVAILABLE') : 200)
      .json({ status: problem ?? 'ready', ...details });
  });
  router.get('/metrics', async (req, res) => {
    if (
      config.metricsToken !== null &&
      req.headers.authorization !== `Bearer ${config.metricsToken}`
    ) {
      const refusal = new DomainError('UNAUTHENTICATED', 'Metrics need METRICS_TOKEN');
      sendJsonError(res, errorResponse(refusal));
      return;
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
