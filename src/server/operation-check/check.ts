import { HeaderMap } from '@apollo/server';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import { hasStaffRole, type Viewer } from '../../shared/access';
import { DomainError, type ErrorCode } from '../../shared/errors';
import type { Metrics } from '../../shared/metrics';
import { errorResponse } from '../../shared/error-response';
import { clientKey, RateLimitedError, type RateLimiter } from '../../shared/rate-limit';
import { analyse, evaluate } from './analysis';
import type { ListCaps } from './list-caps';
import { type ListOverCap, literalListOverCap, measureVariables } from './request-inputs';
import { MAX_NODES } from './shape';

export type OperationLimits = Config['limits'];

export interface OperationCheckDeps {
  limits: OperationLimits;
  caps: ListCaps;
  /** Mutation fields, and queries costing EXPENSIVE_QUERY_COST or more, per caller. */
  limiters: { mutations: RateLimiter | null; expensiveQueries: RateLimiter | null };
  metrics: Metrics;
  /** FEDERATION_SERVICE_TOKEN: when set, `_service` needs it (or an admin). */
  serviceToken: string | null;
}

/** One operation as either transport received it. */
export interface OperationRequest {
  transport: 'http' | 'graphql-ws';
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Readonly<Record<string, unknown>> | undefined;
  viewer: Viewer | null;
  /** The Authorization header (HTTP) or connectionParams.authorization (graphql-ws). */
  authorization: string | null | undefined;
  clientAddress: string | null;
}

/** Throws the GraphQLError refusing the operation, or resolves when it may run. */
export type OperationCheck = (request: OperationRequest) => Promise<void>;

export const isStaffOrAdmin = (viewer: Viewer | null): boolean =>
  viewer !== null && (viewer.isAdmin || hasStaffRole(viewer));

/** Whether `authorization` is `Bearer <FEDERATION_SERVICE_TOKEN>` (compared in constant time). */
export function isServiceToken(
  authorization: string | null | undefined,
  serviceToken: string | null,
): boolean {
  if (serviceToken === null || !authorization) return false;
  const given = createHash('sha256').update(authorization).digest();
  const expected = createHash('sha256').update(`Bearer ${serviceToken}`).digest();
  return timingSafeEqual(given, expected);
}

/**
 * Whose budget an operation spends: the token's subject; a token without one by its hash;
 * no token by the client address.
 */
export function callerKey(
  viewer: Viewer | null,
  authorization: string | null | undefined,
  clientAddress: string | null,
): string {
  if (viewer?.learnerId) return `sub:${viewer.learnerId}`;
  if (viewer && authorization) {
    return `token:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}`;
  }
  return `ip:${clientKey(clientAddress)}`;
}

function refusal(code: ErrorCode, status: number, message: string, details = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: new DomainError(code, message, details),
    extensions: { http: { status } },
  });
}

function listRefusal({ coordinate, length, cap }: ListOverCap): GraphQLError {
  const setBy = cap.variable ? ` (${cap.variable})` : '';
  return refusal(
    'BAD_USER_INPUT',
    400,
    `${coordinate} holds ${length} items; at most ${cap.maximum} are allowed${setBy}`,
    {
      field: coordinate,
      ...(cap.variable ? { limit: cap.variable, maximum: cap.maximum } : {}),
    },
  );
}

/**
 * The one check every operation passes before it runs, over HTTP and graphql-ws alike:
 * subscriptions only over graphql-ws; depth, aliases, list lengths and cost within their
 * limits (BAD_USER_INPUT naming the limit); introspection for staff and admins; `_service`
 * for the router's token when one is configured; then the caller's rate limits.
 */
export function createOperationCheck(deps: OperationCheckDeps): OperationCheck {
  const { limits, caps, limiters, metrics } = deps;
  const reject = (name: string, message: string, maximum: number) => {
    metrics.rejectedOperations.inc({ limit: name });
    return refusal('BAD_USER_INPUT', 400, message, { limit: name, maximum });
  };

  const spend = async (
    limiter: RateLimiter | null,
    label: string,
    what: string,
    key: () => string,
    units: number,
  ) => {
    if (limiter === null || units === 0) return;
    const decision = await limiter.hit(key(), units);
    if (decision.allowed) return;
    metrics.rateLimited.inc({ limiter: label });
    const error = new RateLimitedError(decision.retryAfterSeconds, what);
    const { status, headers } = errorResponse(error);
    throw new GraphQLError(error.message, {
      originalError: error,
      extensions: { http: { status, headers: new HeaderMap(Object.entries(headers)) } },
    });
  };

  return async (request) => {
    const { operation, viewer } = request;
    if (operation.operation === 'subscription' && request.transport === 'http') {
      throw new GraphQLError(
        'Subscriptions go over graphql-ws (the graphql-transport-ws protocol) at /graphql, not over HTTP POST',
        { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      );
    }
    const analysis = analyse(request.schema, request.document, operation);
    const { shape } = analysis;
    if (analysis.cost === null || shape.nodes > MAX_NODES) {
      throw reject(
        'MAX_QUERY_COST',
        `The operation has more than ${MAX_NODES} fields once fragments are expanded`,
        limits.maxQueryCost,
      );
    }
    if (shape.depth > limits.maxQueryDepth) {
      throw reject(
        'MAX_QUERY_DEPTH',
        `The operation is ${shape.depth} levels deep; at most ${limits.maxQueryDepth} are allowed (MAX_QUERY_DEPTH)`,
        limits.maxQueryDepth,
      );
    }
    if (shape.aliases > limits.maxAliases) {
      throw reject(
        'MAX_ALIASES',
        `The operation uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed (MAX_ALIASES)`,
        limits.maxAliases,
      );
    }
    const literal = literalListOverCap(analysis, caps);
    const { inputs, overCap } = measureVariables(analysis, request.variables, caps);
    const longList = literal ?? overCap;
    if (longList !== null) {
      metrics.rejectedOperations.inc({ limit: 'LIST_LENGTH' });
      throw listRefusal(longList);
    }
    const cost = evaluate(analysis.cost, inputs);
    if (cost > limits.maxQueryCost) {
      throw reject(
        'MAX_QUERY_COST',
        `The operation's estimated cost is ${cost}; at most ${limits.maxQueryCost} is allowed (MAX_QUERY_COST)`,
        limits.maxQueryCost,
      );
    }
    if (shape.introspection && !isStaffOrAdmin(viewer)) {
      if (viewer === null) {
        throw refusal('UNAUTHENTICATED', 401, 'Introspection needs a staff or admin token');
      }
      throw refusal('FORBIDDEN', 403, 'Introspection is for staff and admins');
    }
    if (shape.service && deps.serviceToken !== null && !viewer?.isAdmin) {
      if (!isServiceToken(request.authorization, deps.serviceToken)) {
        const message = '_service needs the federation service token or an admin token';
        if (viewer === null) throw refusal('UNAUTHENTICATED', 401, message);
        throw refusal('FORBIDDEN', 403, message);
      }
    }
    const key = () => callerKey(viewer, request.authorization, request.clientAddress);
    if (operation.operation === 'mutation') {
      await spend(limiters.mutations, 'mutation', 'mutations', key, shape.rootFields);
    } else if (operation.operation === 'query' && cost >= limits.expensiveQueryCost) {
      await spend(limiters.expensiveQueries, 'expensive_query', 'expensive queries', key, 1);
    }
  };
}
