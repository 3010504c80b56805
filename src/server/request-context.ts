import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
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

const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function requestInfo(res: Response): RequestInfo {
  return res.locals as RequestInfo;
}

/**
 * First middleware: the request id (the caller's `x-request-id` when it is sane, otherwise a
 * new UUID), echoed in the response; the trace context passed through from the gateway; a
 * child logger carrying both; and the request's timing for `laurel_http_request_duration_seconds`.
 */
export function requestContext(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = header(req, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const trace = parseTraceparent(header(req, 'traceparent'), header(req, 'tracestate'));
    const info: RequestInfo = {
      requestId,
      trace,
      logger: logger.child({
        requestId,
        ...(trace ? { traceId: trace.traceId, parentSpanId: trace.parentSpanId } : {}),
      }),
    };
    Object.assign(res.locals, info);
    res.set('x-request-id', requestId);
    if (trace) {
      res.set('traceparent', trace.traceparent);
      if (trace.tracestate) res.set('tracestate', trace.tracestate);
    }
    const stop = metrics.httpDuration.startTimer();
    const started = performance.now();
    res.once('finish', () => {
      const route = routeOf(req.originalUrl.split('?')[0] ?? '');
      stop({ route, method: req.method, status: String(res.statusCode) });
      info.logger.debug(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request finished',
      );
    });
    next();
  };
}

/** A route label of bounded cardinality (ids are never labels). */
function routeOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  return ['graphql', 'verify', 'credentials', 'assets', 'healthz', 'readyz', 'metrics'].includes(
    first,
  )
    ? `/${first}`
    : 'other';
}
