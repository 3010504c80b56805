import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { databaseFailureOf } from '../db/errors';
import { statusOf } from '../shared/error-response';
import type { Logger } from '../shared/logger';
import { type Metrics, operationLabel } from '../shared/metrics';
import type { Context } from './context';
import { isUnexpectedError } from './format-error';

const RETRY_CODES = new Set<unknown>(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

/**
 * A request whose every answer is "not now" (RATE_LIMITED, SERVICE_UNAVAILABLE: no data)
 * gets that HTTP status, and any such error a `Retry-After` header.
 */
export function retryStatusPlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async willSendResponse({ response }) {
      if (response.body.kind !== 'single') return;
      const { errors, data } = response.body.singleResult;
      const retrying = (errors ?? []).filter((e) => RETRY_CODES.has(e.extensions?.code));
      if (retrying.length === 0) return;
      const after = Math.max(
        1,
        ...retrying.map((e) => Number(e.extensions?.retryAfterSeconds) || 1),
      );
      response.http.headers.set('retry-after', String(after));
      const allRetrying = retrying.length === errors!.length;
      const noData = data == null || Object.values(data).every((value) => value === null);
      if (allRetrying && noData && (response.http.status ?? 200) === 200) {
        const rateLimited = retrying.some((e) => e.extensions?.code === 'RATE_LIMITED');
        response.http.status = statusOf(rateLimited ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE');
      }
    },
  };
  return { requestDidStart: async () => listener };
}

/** Unexpected errors are logged by the request's own logger (with its request id). */
export function errorLoggingPlugin(fallback: Logger): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didEncounterErrors({ errors, contextValue }) {
      const logger = (contextValue as Partial<Context> | undefined)?.logger ?? fallback;
      for (const error of errors) {
        if (isUnexpectedError(error)) {
          logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
        } else if (databaseFailureOf(unwrapResolverError(error)) !== null) {
          logger.warn(
            { err: unwrapResolverError(error), path: error.path },
            'database unavailable',
          );
        }
      }
    },
  };
  return { requestDidStart: async () => listener };
}

/** Count and latency of every operation by name and type. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  const known = new Set<string>();
  // Child metrics per label set: prom-client would otherwise hash the labels on every request.
  const recorders = new Map<string, (seconds: number) => void>();
  const recorderOf = (operation: string, type: string, outcome: string) => {
    const key = `${operation} ${type} ${outcome}`;
    let record = recorders.get(key);
    if (record === undefined) {
      const count = metrics.graphqlRequests.labels({ operation, type, outcome });
      const duration = metrics.graphqlDuration.labels({ operation, type });
      record = (seconds) => {
        count.inc();
        duration.observe(seconds);
      };
      recorders.set(key, record);
    }
    return record;
  };
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      let type = 'unknown';
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? 'unknown';
        },
        async willSendResponse({ response, operationName }) {
          const operation = operationLabel(known, operationName ?? request.operationName);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          const outcome = errors && errors.length > 0 ? 'error' : 'ok';
          recorderOf(operation, type, outcome)((performance.now() - started) / 1000);
        },
      };
    },
  };
}
