/** One execution per event shared by every subscriber of it (see subscriptions.ts). */
import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  print,
} from 'graphql';
import { derivedIterator } from '../shared/async-iterators';
import { withDeadline } from '../shared/deadline';
import type { Context } from './context';

export interface EventExecution {
  context: Context;
  /** Results by operation key (see operationKey). */
  results: Map<string, Promise<ExecutionResult>>;
}

/** What makes two subscriptions' executions of one event identical. */
function operationKey(args: ExecutionArgs): string {
  const text = args.document.loc?.source.body ?? print(args.document);
  return JSON.stringify([text, args.operationName ?? null, args.variableValues ?? {}]);
}

/**
 * graphql-js's `subscribe`, except that each event executes the selection in the event's
 * own shared execution (see executionOf): DataLoader caches never carry one event's data
 * into the next, and a thousand identical subscriptions cost one execution per event.
 * Events reach here already filtered by the live feed.
 */
export async function subscribePerEvent(
  args: ExecutionArgs,
  executionOf: (event: object) => EventExecution,
  /** Each event's execution has this long (its own deadline, not its publisher's); 0 = none. */
  deadlineMs = 0,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const key = operationKey(args);
  const run = (event: object): Promise<ExecutionResult> => {
    const execution = executionOf(event);
    let result = execution.results.get(key);
    if (!result) {
      result = Promise.resolve(
        withDeadline(deadlineMs, () =>
          execute({ ...args, rootValue: event, contextValue: execution.context }),
        ),
      );
      execution.results.set(key, result);
    }
    return result;
  };
  return derivedIterator(source, async () => {
    const next = await source.next();
    if (next.done) return { value: undefined, done: true };
    return { value: await run(next.value as object), done: false };
  });
}
