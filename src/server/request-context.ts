import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger';
import type { Metrics } from '../shared/metrics';

/** What every request carries from the first middleware on (in `res.locals`). */
export interface RequestInfo {
  requestId: string;
  logger: Logger;
  /** W3C trace context from the gateway, when it sent a valid `traceparent`. */
  trace: TraceContext | null;
}

export interface TraceContext {
  traceId: string;
  /** The caller's span: the parent of whatever this request does. */
  parentSpanId: string;
  sampled: boolean;
  traceparent: string;
  tracestate: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/** version-traceid-parentid-flags; all-zero ids are invalid (W3C Trace Context §3.2). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function parseTraceparent(
  traceparent: string | undefined,
  tracestate: string | undefined,
): TraceContext | null {
  const match = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? '');
  if (!match) return null;
  const [, version, traceId, parentSpanId, flags] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return null;
  const state = tracestate?.trim();
  return {
    traceId,
    parentSpanId,
    sampled: (parseInt(flags, 16) & 1) === 1,
    traceparent: match[0],
    tracestate: state && state.length <= 512 ? state : null,
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A response with express's `locals`: what the GraphQL endpoint and express share. */
export type ResponseWithLocals = ServerResponse & { locals: Record<string, unknown> };

export function requestInfo(res: ResponseWithLocals | Response): RequestInfo {
  return res.locals as unknown as RequestInfo;
}

/** Starts a request: its id, trace context, logger and timing (see requestContext). */
export type BeginRequest = (req: IncomingMessage, res: ResponseWithLocals, url: string) => void;

type Observe = (seconds: number) => void;

/**
 * First middleware: the request id (the caller's `x-request-id` when it is sane, otherwise a
 * new UUID), echoed in the response; the trace context passed through from the gateway; a
 * child logger carrying both (made when first used: most requests log nothing); and the
 * request's timing for `laurel_http_request_duration_seconds`.
 */
export function requestContext(logger: Logger, metrics: Metrics) {
  const begin = beginRequests(logger, metrics);
  return (req: Request, res: Response, next: NextFunction): void => {
    begin(req, res as unknown as ResponseWithLocals, req.originalUrl);
    next();
  };
}

/** The work of requestContext, for requests served without express too. */
export function beginRequests(logger: Logger, metrics: Metrics): BeginRequest {
  const durations = new Map<string, Observe>();
  const durationOf = (route: string, method: string, status: number): Observe => {
    const key = `${route} ${method} ${status}`;
    let observe = durations.get(key);
    if (observe === undefined) {
      // A child per label set: prom-client would otherwise hash the labels on every request.
      const child = metrics.httpDuration.labels({ route, method, status: String(status) });
      observe = (seconds) => child.observe(seconds);
      durations.set(key, observe);
    }
    return observe;
  };
  return (req, res, url) => {
    const started = performance.now();
    const given = header(req, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const trace = parseTraceparent(header(req, 'traceparent'), header(req, 'tracestate'));
    let child: Logger | undefined;
    const requestLogger = (): Logger =>
      (child ??= logger.child({
        requestId,
        ...(trace ? { traceId: trace.traceId, parentSpanId: trace.parentSpanId } : {}),
      }));
    res.locals.requestId = requestId;
    res.locals.trace = trace;
    Object.defineProperty(res.locals, 'logger', { get: requestLogger, enumerable: true });
    res.setHeader('x-request-id', requestId);
    if (trace) {
      res.setHeader('traceparent', trace.traceparent);
      if (trace.tracestate) res.setHeader('tracestate', trace.tracestate);
    }
    // `finish` comes once; `on` spares the wrapper `once` would make.
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(url);
      durationOf(route, req.method ?? 'GET', res.statusCode)(seconds);
      if (!logger.isLevelEnabled('debug')) return;
      requestLogger().debug(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 10_000) / 10,
        },
        'request finished',
      );
    });
  };
}

const ROUTE = /^\/([^/?]*)/;

/** A route label of bounded cardinality (ids are never labels). */
function routeOf(url: string): string {
  const first = ROUTE.exec(url)?.[1] ?? '';
  return ['graphql', 'verify', 'credentials', 'assets', 'healthz', 'readyz', 'metrics'].includes(
    first,
  )
    ? `/${first}`
    : 'other';
}
