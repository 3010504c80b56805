/**
 * An iterator whose `next` is derived from `source` (filtered, mapped); `return()` and
 * `throw()` end the source at once, even while a `next` waits.
 */
export function derivedIterator<T>(
  source: AsyncIterator<unknown>,
  next: () => Promise<IteratorResult<T, undefined>>,
): AsyncIterableIterator<T> {
  const derived: AsyncIterableIterator<T> = {
    next,
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return derived;
    },
  };
  return derived;
}
