/**
 * Tells failures of the database connection (PostgreSQL restarting, unreachable, a pool
 * that cannot connect, a cancelled statement) from every other error, so that callers get
 * a clear, retryable answer instead of an internal error.
 */

export type DatabaseFailure = 'unavailable' | 'timeout';

/** SQLSTATE classes and codes of a lost or refused connection (08, 57P01–57P03). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * 08P01 (protocol violation) is what a statement holding NUL gets: the statement's fault, not
 * the connection's, so a bug to fix rather than an outage to wait out.
 */
const STATEMENT_FAULTS = new Set(['08P01']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Timeout acquiring a connection/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...current.errors);
    const next = current as { cause?: unknown; previous?: unknown };
    current = next.cause ?? next.previous;
  }
  return chain;
}

/** 'unavailable', 'timeout', or null when `error` is not about the database connection. */
export function databaseFailureOf(error: unknown): DatabaseFailure | null {
  for (const candidate of causes(error)) {
    const { code, sqlState, message } = candidate as {
      code?: unknown;
      sqlState?: unknown;
      message?: unknown;
    };
    const state = typeof sqlState === 'string' ? sqlState : typeof code === 'string' ? code : '';
    if (state === '57014') return 'timeout';
    if (STATEMENT_FAULTS.has(state)) return null;
    if (state.startsWith('08') || UNAVAILABLE_STATES.has(state) || NETWORK_CODES.has(state)) {
      return 'unavailable';
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) {
      return 'unavailable';
    }
  }
  return null;
}
