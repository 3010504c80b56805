import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadline of the operation being served, carried along its asynchronous work (its
 * resolvers, DataLoader batches and transactions) so that the database layer can bound
 * each statement by the time the operation has left (src/db/statement-deadline.ts).
 * Work outside any operation (the worker, the connector) has none.
 */
const store = new AsyncLocalStorage<{ at: number }>();

/** Runs `work` with a deadline `ms` from now; ms <= 0 = none (whatever deadline its caller had). */
export function withDeadline<T>(ms: number, work: () => T): T {
  if (ms <= 0) return store.exit(work);
  return store.run({ at: performance.now() + ms }, work);
}

/** Milliseconds the current operation has left (may be negative), or null without a deadline. */
export function remainingMs(): number | null {
  const deadline = store.getStore();
  return deadline === undefined ? null : deadline.at - performance.now();
}

/**
 * What a statement gets when its operation's deadline has passed before it could run:
 * shaped as PostgreSQL's own cancellation (SQLSTATE 57014, query_canceled), so that it is
 * answered as every cancelled statement is (SERVICE_UNAVAILABLE, retry shortly).
 */
export class DeadlineExceeded extends Error {
  readonly code = '57014';
  constructor(what: string) {
    super(`The operation's deadline passed ${what}`);
    this.name = 'DeadlineExceeded';
  }
}
