import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { CloseCode, type Context as WsContext, type SubscribePayload } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { requestToken } from './auth/browser-session';
import type http from 'node:http';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import { hasStaffRole, type Viewer } from '../shared/access';
import { DomainError, InputError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { type Admission, priorityOfViewer } from './admission';
import type { TokenVerifier } from './auth/token-verifier';
import { createConnectionLimits, principalOf } from './connection-limits';
import { type ContextBase, createContext } from './context';
import { type EventExecution, subscribePerEvent } from './event-execution';
import { createErrorFormatter } from './format-error';
import {
  isStaffOrAdmin,
  MAX_DOCUMENT_TOKENS,
  type OperationCheck,
  withoutSuggestion,
} from './operation-check';
import { unstorableArgument } from './storable-text';

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's port and path, with the same
 * schema, context and auth as HTTP. The token comes in `connectionParams.authorization`
 * (or the upgrade request's Authorization header); a refused connection is closed with
 * 4401 (no or bad token) or 4403 (a token that may not connect), with the reason.
 */

export interface SubscriptionServerDeps {
  server: http.Server;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** What every operation's context is made of (clientAddress aside). */
  contextBase: ContextBase;
  /** The operation check HTTP runs too (limits, introspection, rate limits). */
  checkOperation: OperationCheck;
  /** The admission control HTTP passes too: every operation message waits for a place. */
  admission: Admission;
}

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  connections(): number;
  /** Closes every connection (1001, "Server shutting down") and stops accepting new ones. */
  close(): Promise<void>;
}

/** What the server keeps with each connection. */
type ConnectionState = {
  viewer?: Viewer;
  /** Gives back this connection's place in the connection limits. */
  releaseCount?: () => void;
  expiry?: NodeJS.Timeout;
  /** Places in admission control held by this connection's operations, by operation id. */
  permits?: Map<string, () => void>;
};

const PATH = '/graphql';
const SHUTDOWN_CODE = 1001;
/** How long shutdown waits for clients to answer the close frame before dropping them. */
const CLOSE_WAIT_MS = 3000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startSubscriptionServer(deps: SubscriptionServerDeps): SubscriptionServer {
  const { schema, config, logger, verifyToken } = deps;
  const limits = config.subscriptions;
  const format = graphQLErrorFormatter(logger);
  // "Did you mean …" hints name parts of the schema: only for those who may introspect.
  const formatFor = (viewer: Viewer | undefined, errors: readonly GraphQLError[]) =>
    errors.map((error) => {
      const formatted = format(error);
      if (isStaffOrAdmin(viewer ?? null)) return formatted;
      return { ...formatted, message: withoutSuggestion(formatted.message) };
    });
  const connectionLimits = createConnectionLimits(config, logger);
  // The subscribers of one event share its execution: one identity map and DataLoaders,
  // and one result per distinct operation (document and variables). That result is the
  // same for everyone because it is computed without a viewer: rights decided who gets
  // the event before anything runs, and a field that needs a viewer fails rather than leaks.
  const events = new WeakMap<object, EventExecution>();
  const executionOf = (event: object): EventExecution => {
    let execution = events.get(event);
    if (!execution) {
      execution = { context: createContext(deps.contextBase, null), results: new Map() };
      events.set(event, execution);
    }
    return execution;
  };

  const wss = new WebSocketServer({ server: deps.server, path: PATH, maxPayload: 1024 * 1024 });
  const release = (state: ConnectionState) => {
    if (state.expiry) clearTimeout(state.expiry);
    state.releaseCount?.();
    state.releaseCount = undefined;
    for (const permit of state.permits?.values() ?? []) permit();
    state.permits?.clear();
  };
  // A query or mutation holds its place until executed; a subscription until it is set up.
  const releasePermit = (state: ConnectionState, id: string) => {
    state.permits?.get(id)?.();
    state.permits?.delete(id);
  };

  /** Parses, validates and checks one operation message: its execution arguments, or errors. */
  const prepare = async (
    ctx: WsContext<Record<string, unknown>, Extra & Partial<ConnectionState>>,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: MAX_DOCUMENT_TOKENS });
    } catch (error) {
      return [codedError(error, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      return invalid.map((error) => codedError(error, 'GRAPHQL_VALIDATION_FAILED'));
    }
    const unstorable = unstorableArgument(document, payload.variables);
    if (unstorable !== null) return [requestError(new InputError([unstorable]))];
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) {
      return [
        codedError(new Error('The operation to run is not in the document'), 'BAD_USER_INPUT'),
      ];
    }
    try {
      await deps.checkOperation({
        transport: 'graphql-ws',
        schema,
        document,
        operation,
        variables: payload.variables ?? undefined,
        viewer: ctx.extra.viewer ?? null,
        authorization: authorizationOf(ctx.connectionParams, ctx.extra.request),
        clientAddress: ctx.extra.request.socket.remoteAddress ?? null,
      });
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
    };
  };

  useServer<Record<string, unknown>, ConnectionState>(
    {
      // Never put internal error messages into close reasons.
      isProd: true,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const refuse = (code: CloseCode, reason: string) => {
          socket.close(code, closeReason(reason));
          return false;
        };
        let authorization = authorizationOf(ctx.connectionParams, request);
        if (!authorization) {
          // A browser's Open edX JWT cookie pair, sent with the upgrade from a trusted origin.
          try {
            authorization = requestToken(request.headers, config).authorization;
          } catch (error) {
            if (error instanceof DomainError) {
              return refuse(CloseCode.Forbidden, `Forbidden: ${error.message}`);
            }
            throw error;
          }
        }
        if (!authorization) {
          return refuse(
            CloseCode.Unauthorized,
            'Unauthorized: send "Bearer <token>" in connectionParams.authorization',
          );
        }
        let viewer: Viewer | null;
        try {
          viewer = await verifyToken(authorization);
        } catch (error) {
          if (error instanceof DomainError) {
            return refuse(CloseCode.Unauthorized, `Unauthorized: ${error.message}`);
          }
          throw error;
        }
        if (!viewer) return refuse(CloseCode.Unauthorized, 'Unauthorized: no token');
        // Closed (or closing) while its token was checked: admit and count nothing.
        if (socket.readyState !== socket.OPEN) return false;
        const staff = hasStaffRole(viewer);
        if (!viewer.isAdmin && !staff && !viewer.learnerId) {
          return refuse(CloseCode.Forbidden, 'Forbidden: this token names no learner and no role');
        }
        const admission = await connectionLimits.admit(principalOf(viewer));
        if (!admission.admitted)
          return refuse(CloseCode.Forbidden, `Forbidden: ${admission.reason}`);
        // Closed while it was counted: onClose has run already, give the place back here.
        if (socket.readyState !== socket.OPEN) {
          admission.release();
          return false;
        }
        ctx.extra.releaseCount = admission.release;
        ctx.extra.viewer = viewer;
        if (viewer.expiresAt) {
          const expiresAt = viewer.expiresAt.getTime();
          const arm = () => {
            const left = expiresAt - Date.now();
            if (left > 0) {
              ctx.extra.expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
              return;
            }
            socket.close(CloseCode.Unauthorized, 'Unauthorized: The token has expired');
          };
          arm();
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > limits.maxPerConnection) {
          return [
            requestError(
              new DomainError(
                'RATE_LIMITED',
                `At most ${limits.maxPerConnection} operations may run on one connection`,
              ),
            ),
          ];
        }
        const decision = await deps.admission.admit(priorityOfViewer(ctx.extra.viewer));
        if (!decision.admitted) {
          return [
            requestError(
              new DomainError(
                'SERVICE_UNAVAILABLE',
                `The server is overloaded; retry in ${decision.retryAfterSeconds} s`,
                { retryAfterSeconds: decision.retryAfterSeconds },
              ),
            ),
          ];
        }
        const prepared = await prepare(ctx, payload).catch((error: unknown) => {
          decision.release();
          throw error;
        });
        if (Array.isArray(prepared)) decision.release();
        else (ctx.extra.permits ??= new Map()).set(id, decision.release);
        return prepared;
      },
      context: (ctx) =>
        createContext(
          { ...deps.contextBase, clientAddress: ctx.extra.request.socket.remoteAddress ?? null },
          ctx.extra.viewer ?? null,
        ),
      subscribe: (args) => subscribePerEvent(args, executionOf),
      onNext: (ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: formatFor(ctx.extra.viewer, result.errors) }
          : undefined,
      onOperation: (ctx, id) => {
        releasePermit(ctx.extra, id);
      },
      onComplete: (ctx, id) => {
        releasePermit(ctx.extra, id);
      },
      onError: (ctx, _id, _payload, errors) => formatFor(ctx.extra.viewer, errors),
      onClose: (ctx) => release(ctx.extra),
    },
    wss,
    limits.keepAliveSeconds * 1000,
  );

  return {
    connections: () => wss.clients.size,
    close: async () => {
      const stopped = new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of wss.clients) socket.close(SHUTDOWN_CODE, 'Server shutting down');
      const timer = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, CLOSE_WAIT_MS);
      await stopped;
      clearTimeout(timer);
      await connectionLimits.close();
    },
  };
}

/** The token of a connection: connectionParams.authorization, else the upgrade request's header. */
function authorizationOf(
  params: Readonly<Record<string, unknown>> | undefined,
  request: http.IncomingMessage,
): string | null {
  const fromParams = params?.authorization ?? params?.Authorization;
  if (typeof fromParams === 'string' && fromParams.trim()) return fromParams;
  return request.headers.authorization ?? null;
}

/** Close reasons may be 123 bytes of UTF-8 at most. */
function closeReason(reason: string): string {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -2) + '…';
  return text;
}

function codedError(error: unknown, code: string): GraphQLError {
  if (error instanceof GraphQLError) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      extensions: { ...error.extensions, code },
    });
  }
  return new GraphQLError(error instanceof Error ? error.message : String(error), {
    extensions: { code },
  });
}

const requestError = (error: DomainError) =>
  new GraphQLError(error.message, { originalError: error });

/**
 * The HTTP formatter, for errors as graphql-ws reports them: resolver errors (with a
 * path) unwrap as usual; a domain error thrown by a source stream or by this module comes
 * as originalError; graphql-js's own request errors (variables) point into the document
 * and carry no code; anything else is internal.
 */
function graphQLErrorFormatter(logger: Logger) {
  const format = createErrorFormatter();
  // Over HTTP the error-logging plugin logs internal errors; here the formatter is the one place.
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => {
    const answer = format(formatted, error);
    if (answer.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ err: error, path: formatted.path }, 'unexpected error in a subscription');
    }
    return answer;
  };
  return (error: GraphQLError): GraphQLFormattedError => {
    if (error.path) return formatError(error.toJSON(), error);
    if (error.originalError instanceof DomainError) {
      return formatError(error.toJSON(), error.originalError);
    }
    const formatted = error.toJSON();
    if (formatted.extensions?.code) return formatError(formatted, error);
    if (error.locations?.length) {
      return formatError(
        { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } },
        error,
      );
    }
    return formatError(formatted, error.originalError ?? error);
  };
}
