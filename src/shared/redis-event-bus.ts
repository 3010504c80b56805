import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { EventBus } from './events';
import type { Logger } from './logger';

export interface RedisEventBusOptions {
  url: string;
  /** Prepended to topic names: the Redis channel of topic `t` is `<prefix><t>`. */
  channelPrefix: string;
  logger: Logger;
  /** A publish that Redis has not confirmed within this time counts as failed. */
  commandTimeoutMs?: number;
}

/** What travels on a channel: the publishing bus, so that it can skip its own echo. */
interface Envelope {
  o: string;
  p: object;
}

/**
 * Events between processes through Redis pub/sub. Subscribers of the publishing process get
 * the event at once (not through Redis), every other process through its channel
 * subscription. Delivery is at most once: an event published while Redis is unreachable is
 * logged and lost, and the connections come back (and resubscribe) by themselves.
 */
export class RedisEventBus implements EventBus {
  private readonly origin = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: RedisEventBusOptions) {
    const common = { connectionName: 'laurel-events', maxRetriesPerRequest: 1 };
    // Publishing never waits for a reconnection: a lost event is better than a stuck mutation.
    this.publisher = new Redis(options.url, {
      ...common,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 2000,
    });
    this.subscriber = new Redis(options.url, { ...common, autoResubscribe: true });
    this.watchHealth(this.publisher, 'publisher');
    this.watchHealth(this.subscriber, 'subscriber');
    this.subscriber.on('message', (channel: string, message: string) =>
      this.receive(channel, message),
    );
  }

  async publish(topic: string, payload: object): Promise<void> {
    if (this.closed) return;
    this.deliver(topic, payload);
    const envelope: Envelope = { o: this.origin, p: payload };
    try {
      await this.publisher.publish(this.channel(topic), JSON.stringify(envelope));
    } catch (err) {
      this.options.logger.error({ err, topic }, 'an event could not be sent through Redis');
    }
  }

  subscribe(topic: string, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      this.track(this.subscriber.subscribe(this.channel(topic)));
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Waits until Redis confirmed every channel subscription made so far (and both links are up). */
  async ready(): Promise<void> {
    await Promise.all([...this.pending, ...this.connected()]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await Promise.all(
      [this.publisher, this.subscriber].map(async (client) => {
        if (client.status === 'ready') {
          try {
            await client.quit();
            return;
          } catch {
            // Lost on the way out: nothing left to tell Redis.
          }
        }
        client.disconnect();
      }),
    );
  }

  private channel(topic: string): string {
    return `${this.options.channelPrefix}${topic}`;
  }

  private receive(channel: string, message: string): void {
    if (!channel.startsWith(this.options.channelPrefix)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch (err) {
      this.options.logger.warn({ err, channel }, 'an unreadable event arrived through Redis');
      return;
    }
    if (envelope.o === this.origin || typeof envelope.p !== 'object') return;
    this.deliver(channel.slice(this.options.channelPrefix.length), envelope.p);
  }

  private deliver(topic: string, payload: object): void {
    for (const handler of [...(this.handlers.get(topic) ?? [])]) {
      try {
        handler(payload);
      } catch (err) {
        this.options.logger.error({ err, topic }, 'an event subscriber failed');
      }
    }
  }

  private track(promise: Promise<unknown>): void {
    const settled: Promise<void> = promise.then(
      () => {
        this.pending.delete(settled);
      },
      (err: unknown) => {
        this.pending.delete(settled);
        // autoResubscribe repeats the subscription once the connection is back.
        this.options.logger.warn({ err }, 'a Redis channel subscription is not confirmed yet');
      },
    );
    this.pending.add(settled);
  }

  private connected(): Promise<void>[] {
    return [this.publisher, this.subscriber]
      .filter((client) => client.status !== 'ready')
      .map((client) => new Promise<void>((resolve) => client.once('ready', () => resolve())));
  }

  /** Logs an outage once when it starts and once when it ends, not every reconnection attempt. */
  private watchHealth(client: Redis, role: string): void {
    let down = false;
    const lost = (err?: Error) => {
      if (down || this.closed) return;
      down = true;
      this.options.logger.warn({ err, role }, 'Redis is unreachable; live events are not shared');
    };
    client.on('error', lost);
    client.on('close', () => lost());
    client.on('ready', () => {
      if (!down) return;
      down = false;
      this.options.logger.info({ role }, 'Redis is reachable again');
    });
  }
}
