/** The HTTP server's timeouts and admission control (docs/operations.md). */
import { ConfigError, type Env, integer } from './config-values';

export interface HttpTimeouts {
  /** A request whose headers and body have not all arrived by then is answered 408. */
  requestTimeoutMs: number;
  /** Headers not complete by then: 408 (slowloris). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /**
   * Time an operation (an HTTP request, a graphql-ws query or mutation) has from its arrival:
   * its SQL statements are cancelled past it (src/db/statement-deadline.ts); 0 = none.
   */
  operationDeadlineMs: number;
}

/** See src/server/admission and docs/operations.md. */
export interface AdmissionConfig {
  /** Operations in flight at the start; the limit then adapts between min and max. */
  initialInFlight: number;
  minInFlight: number;
  /** 0 turns admission control off. */
  maxInFlight: number;
  /** The limit shrinks while the 90th percentile of admitted operations' time exceeds this. */
  targetLatencyMs: number;
  /** Operations waiting for a place; beyond it the lowest priority is refused at once. */
  queueSize: number;
  /** Longest wait in the queue for reads and admin work. */
  queueTimeoutMs: number;
  /** Longest wait for ingest (recordProgress, the connector): backpressure before refusal. */
  ingestWaitMs: number;
  /** Mean event-loop delay over a second above which reads and admin work beyond the minimum are refused; 0 = off. */
  maxEventLoopDelayMs: number;
  /** Heap in use, in percent of V8's heap limit, above which the same happens; 0 = off. */
  maxHeapPercent: number;
}

export function httpTimeouts(env: Env): HttpTimeouts {
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000);
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1000, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `at most HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
      String(headersTimeoutMs),
    );
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEPALIVE_TIMEOUT_MS', 5000, 0, 3_600_000),
    operationDeadlineMs: integer(env, 'OPERATION_DEADLINE_MS', 15_000, 0, 3_600_000),
  };
}

export function admissionConfig(env: Env): AdmissionConfig {
  const maxInFlight = integer(env, 'ADMISSION_MAX_IN_FLIGHT', 256, 0, 100_000);
  const minInFlight = integer(env, 'ADMISSION_MIN_IN_FLIGHT', Math.min(4, maxInFlight), 0, 100_000);
  if (maxInFlight > 0 && (minInFlight < 1 || minInFlight > maxInFlight)) {
    throw new ConfigError(
      'ADMISSION_MIN_IN_FLIGHT',
      `an integer from 1 to ADMISSION_MAX_IN_FLIGHT (${maxInFlight})`,
      String(minInFlight),
    );
  }
  const initial = integer(env, 'ADMISSION_INITIAL_IN_FLIGHT', 32, 0, 100_000);
  return {
    initialInFlight: Math.min(maxInFlight, Math.max(minInFlight, initial)),
    minInFlight,
    maxInFlight,
    targetLatencyMs: integer(env, 'ADMISSION_TARGET_LATENCY_MS', 50, 1, 600_000),
    queueSize: integer(env, 'ADMISSION_QUEUE_SIZE', 64, 0, 100_000),
    queueTimeoutMs: integer(env, 'ADMISSION_QUEUE_TIMEOUT_MS', 50, 0, 60_000),
    ingestWaitMs: integer(env, 'ADMISSION_INGEST_WAIT_MS', 2000, 0, 600_000),
    maxEventLoopDelayMs: integer(env, 'ADMISSION_MAX_EVENT_LOOP_DELAY_MS', 100, 0, 60_000),
    maxHeapPercent: integer(env, 'ADMISSION_MAX_HEAP_PERCENT', 85, 0, 100),
  };
}
