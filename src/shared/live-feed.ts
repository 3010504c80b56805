import type { EventBus } from './events';

/**
 * Live feeds: the events of one bus topic, routed to the subscriptions that want them.
 * Every subscription (a "watch") registers under index keys (a learner, a course, a
 * configuration, or everything); an event reaches only the watches registered under one
 * of its own keys, and those check it exactly. The work of one event therefore grows
 * with the watches that may match it, not with all open watches.
 */

export interface Watch<T> {
  /** The event must carry at least one of these keys to be considered. */
  keys: readonly string[];
  /** The exact test (arguments and rights) on a candidate event. */
  accepts(event: T): boolean;
}

export interface LiveFeedOptions<T> {
  /** Checks what arrived on the bus; null = not an event of this feed (dropped). */
  parse(payload: unknown): T | null;
  /** Index keys of an event (see Watch.keys). */
  keysOf(event: T): readonly string[];
  /**
   * Events of one stream are states in sequence: one older than (or equal to) the last one
   * routed for its stream is dropped, so a subscriber never sees a state go back even when
   * two processes' events cross on the way.
   */
  order?: { streamOf(event: T): string; sequenceOf(event: T): number | null };
  /** Events one watch may hold for a slow reader; one more ends the watch with `overflow()`. */
  maxQueued: number;
  overflow(): Error;
  onInvalid?(payload: unknown): void;
}

/** Streams whose last sequence is remembered; the least recently updated are forgotten first. */
const REMEMBERED_STREAMS = 100_000;

export class LiveFeed<T extends object> {
  private readonly index = new Map<string, Set<Subscriber<T>>>();
  private readonly latest = new Map<string, number>();
  private readonly subscribers = new Set<Subscriber<T>>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    bus: EventBus,
    topic: string,
    private readonly options: LiveFeedOptions<T>,
  ) {
    this.unsubscribe = bus.subscribe(topic, (payload) => this.dispatch(payload));
  }

  /** Open watches. */
  get size(): number {
    return this.subscribers.size;
  }

  /** The events the watch accepts from now on, until `return()` (or the feed closes). */
  watch(watch: Watch<T>): AsyncIterableIterator<T> {
    const subscriber = new Subscriber(watch, this.options, () => this.detach(subscriber));
    if (this.closed) {
      subscriber.end();
      return subscriber;
    }
    this.subscribers.add(subscriber);
    for (const key of new Set(watch.keys)) {
      let bucket = this.index.get(key);
      if (!bucket) {
        bucket = new Set();
        this.index.set(key, bucket);
      }
      bucket.add(subscriber);
    }
    return subscriber;
  }

  /** Ends every watch (their iterators finish) and stops listening to the bus. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const subscriber of [...this.subscribers]) subscriber.end();
  }

  private detach(subscriber: Subscriber<T>): void {
    this.subscribers.delete(subscriber);
    for (const key of new Set(subscriber.watch.keys)) {
      const bucket = this.index.get(key);
      bucket?.delete(subscriber);
      if (bucket?.size === 0) this.index.delete(key);
    }
  }

  private dispatch(payload: unknown): void {
    if (this.closed) return;
    const event = this.options.parse(payload);
    if (!event) {
      this.options.onInvalid?.(payload);
      return;
    }
    if (this.isStale(event)) return;

    const seen = new Set<Subscriber<T>>();
    for (const key of this.options.keysOf(event)) {
      const bucket = this.index.get(key);
      if (!bucket) continue;
      for (const subscriber of bucket) {
        if (seen.has(subscriber)) continue;
        seen.add(subscriber);
        let accepted: boolean;
        try {
          accepted = subscriber.watch.accepts(event);
        } catch (error) {
          subscriber.fail(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        if (accepted) subscriber.push(event);
      }
    }
  }

  private isStale(event: T): boolean {
    const order = this.options.order;
    const sequence = order?.sequenceOf(event) ?? null;
    if (!order || sequence === null) return false;
    const stream = order.streamOf(event);
    const last = this.latest.get(stream);
    if (last !== undefined && sequence <= last) return true;
    this.latest.delete(stream);
    this.latest.set(stream, sequence);
    if (this.latest.size > REMEMBERED_STREAMS) {
      const oldest = this.latest.keys().next();
      if (!oldest.done) this.latest.delete(oldest.value);
    }
    return false;
  }
}

/** One watch's queue, read as an async iterator (what graphql-js expects of a subscription). */
class Subscriber<T> implements AsyncIterableIterator<T> {
  private queue: T[] = [];
  private waiting: {
    resolve: (result: IteratorResult<T>) => void;
    reject: (error: Error) => void;
  } | null = null;
  private failure: Error | null = null;
  private done = false;

  constructor(
    readonly watch: Watch<T>,
    private readonly limits: Pick<LiveFeedOptions<T>, 'maxQueued' | 'overflow'>,
    private readonly detach: () => void,
  ) {}

  push(event: T): void {
    if (this.done) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.limits.maxQueued) {
      this.fail(this.limits.overflow());
      return;
    }
    this.queue.push(event);
  }

  /** Ends the watch with an error: the reader gets it on its next read. */
  fail(error: Error): void {
    if (this.done) return;
    this.finish();
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(error);
    } else {
      this.failure = error;
    }
  }

  end(): void {
    if (this.done) return;
    this.finish();
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve({ value: queued, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    this.done = true;
    this.queue = [];
    this.detach();
  }
}
