import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import { databaseFailureOf } from '../db/errors';
import { clientKey, RateLimitedError, type RateLimiter } from '../shared/rate-limit';
import type { Logger } from '../shared/logger';
import { type Metrics, operationLabel } from '../shared/metrics';
import type { Context } from './context';
import { isUnexpectedError } from './format-error';
import { shapeOf } from './operation-limits';

/**
 * Whose budget a mutation spends: the token's subject; a token without one by its hash;
 * no token by the client address.
 */
function callerKey(context: Context, authorization: string | undefined): string {
  if (context.viewer?.learnerId) return `sub:${context.viewer.learnerId}`;
  if (context.viewer && authorization) {
    return `token:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}`;
  }
  return `ip:${clientKey(context.clientAddress)}`;
}

/** Each mutation field of an operation spends one unit of its caller's budget, before it runs. */
export function mutationRateLimitPlugin(
  limiter: RateLimiter | null,
  metrics: Metrics,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (limiter === null || operation?.operation !== 'mutation') return;
          const fields = shapeOf(document, operation).rootFields;
          const key = callerKey(contextValue, request.http?.headers.get('authorization'));
          const decision = await limiter.hit(key, fields);
          if (decision.allowed) return;
          metrics.rateLimited.inc({ limiter: 'mutation' });
          const error = new RateLimitedError(decision.retryAfterSeconds, 'mutations');
          throw new GraphQLError(error.message, {
            originalError: error,
            extensions: {
              http: {
                status: 429,
                headers: new HeaderMap([['retry-after', String(decision.retryAfterSeconds)]]),
              },
            },
          });
        },
      };
    },
  };
}

const RETRY_CODES: Record<string, number> = { RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

/**
 * A request whose every answer is "not now" (RATE_LIMITED, SERVICE_UNAVAILABLE: no data)
 * gets that HTTP status, and any such error a `Retry-After` header.
 */
export function retryStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const retrying = (errors ?? []).filter((e) => String(e.extensions?.code) in RETRY_CODES);
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
            response.http.status = rateLimited ? 429 : 503;
          }
        },
      };
    },
  };
}

/** Unexpected errors are logged by the request's own logger (with its request id). */
export function errorLoggingPlugin(fallback: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const logger = (contextValue as Partial<Context> | undefined)?.logger ?? fallback;
          for (const error of errors) {
            if (isUnexpectedError(error)) {
              logger.error(
                { err: error.originalError ?? error, path: error.path },
                'unexpected error',
              );
            } else if (databaseFailureOf(unwrapResolverError(error)) !== null) {
              logger.warn(
                { err: unwrapResolverError(error), path: error.path },
                'database unavailable',
              );
            }
          }
        },
      };
    },
  };
}

/** Count and latency of every operation by name and type. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  const known = new Set<string>();
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
          metrics.graphqlRequests.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe(
            { operation, type },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
