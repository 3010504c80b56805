import Redis from 'ioredis';
import os from 'node:os';
import type { Config } from '../../config';
import type { Metrics } from '../../shared/metrics';
import type { StreamEntry } from './bus-message';
import { type Handled, handleEntries, type PipelineDeps } from './pipeline';
import { recordStreamTotals, pruneHandledMessages } from './stream-totals';
import { groupInfo, type GroupInfo } from './stream-status';
import {
  acknowledge,
  autoClaim,
  createGroup,
  isNoGroup,
  readGroup,
  type ReadResult,
} from './stream-reads';

export type ConnectorConfig = Config['openedx'] & { eventBusUrl: string };

/** `<prefix>-<topic>`, or the topic alone without a prefix (event-bus-redis's get_full_topic). */
export const streamOf = (prefix: string, topic: string): string =>
  prefix ? `${prefix}-${topic}` : topic;

const PRUNE_EVERY_MS = 10 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the Open edX event bus (Redis streams as event-bus-redis writes them) in a consumer
 * group, one consumer per process. On start it drains its own pending entries, then takes
 * over entries other consumers left unacknowledged for `claimMinIdleMs` (a crashed process),
 * then reads new ones in batches. Entries are acknowledged only after their transaction has
 * committed; a failure leaves them pending, to be read again (deduplication makes that safe).
 */
export class BusConsumer {
  readonly streams: string[];
  readonly consumerName = `${os.hostname()}-${process.pid}`;
  private readonly client: Redis;
  /** Blocking reads wait on a connection of their own. */
  private readonly reader: Redis;
  private running: Promise<void> | null = null;
  private stopping = false;
  private groupsReady = false;
  private ownPendingDrained = false;
  private lastClaim = 0;
  private lastPrune = 0;
  private readCount = 0;
  /** The last write of per-stream totals, awaited on stop. */
  private totals: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: ConnectorConfig,
    private readonly deps: PipelineDeps & {
      metrics: Metrics;
      /**
       * Waits for a place to apply a batch (the process's admission control), resolving
       * with its release, or null once stopping. Backpressure: the bus is read slower.
       */
      room?: (stopping: () => boolean) => Promise<(() => void) | null>;
    },
  ) {
    this.streams = config.topics.map((topic) => streamOf(config.topicPrefix, topic));
    const options = {
      connectionName: 'laurel-connector',
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt: number) => Math.min(100 * attempt, 2000),
    };
    this.client = new Redis(config.eventBusUrl, { ...options, commandTimeout: 10_000 });
    this.reader = new Redis(config.eventBusUrl, options);
    for (const [name, redis] of [
      ['client', this.client],
      ['reader', this.reader],
    ] as const) {
      // ioredis reconnects by itself; without a listener an error event would throw.
      redis.on('error', (err: Error) =>
        deps.logger.debug({ err, connection: name }, 'event bus connection error'),
      );
      // A read whose reply was lost may have taken entries: read our own pending ones again.
      redis.on('ready', () => {
        this.ownPendingDrained = false;
      });
    }
    deps.metrics.setConnectorSource(async () => ({
      connected: this.connected(),
      lag: (await this.status()).map(({ stream, lag }) => ({ stream, lag })),
    }));
  }

  connected(): boolean {
    return this.client.status === 'ready' && this.reader.status === 'ready';
  }

  start(): void {
    this.deps.logger.info(
      { streams: this.streams, group: this.config.consumerGroup, consumer: this.consumerName },
      'reading the Open edX event bus',
    );
    this.running ??= this.run();
  }

  /** Stops reading, lets the batch in flight commit and be acknowledged, then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    // Ends a blocking read at once; entries it may have taken stay pending, to be claimed.
    this.reader.disconnect();
    await this.running;
    await this.totals;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** The consumer group's position on each stream (for connectorStatus and /metrics). */
  status(): Promise<GroupInfo[]> {
    return Promise.all(
      this.streams.map((stream) => groupInfo(this.client, stream, this.config.consumerGroup)),
    );
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let reported = false;
    while (!this.stopping) {
      try {
        await this.step();
        if (reported) this.deps.logger.info('the event bus is reachable again');
        backoff = 0;
        reported = false;
      } catch (err) {
        if (this.stopping) break;
        if (isNoGroup(err)) this.groupsReady = false;
        if (!reported) this.deps.logger.warn({ err }, 'reading the event bus failed; retrying');
        reported = true;
        backoff = Math.min(backoff === 0 ? 200 : backoff * 2, 5000);
        await sleep(backoff);
      }
    }
  }

  private async step(): Promise<void> {
    await this.whenReady();
    const { consumerGroup: group, startFrom, batchSize: count } = this.config;
    if (!this.groupsReady) {
      // A Redis that restarted empty lost the groups: create them again (and the streams).
      for (const stream of this.streams) await createGroup(this.client, stream, group, startFrom);
      this.groupsReady = true;
      this.ownPendingDrained = false;
    }
    const consumer = this.consumerName;
    if (!this.ownPendingDrained) {
      const own = await readGroup(this.client, {
        group,
        consumer,
        streams: this.streams,
        count,
        blockMs: null,
        id: '0',
      });
      if (own.entries.length === 0 && own.gone.length === 0) this.ownPendingDrained = true;
      else await this.handle(own);
      return;
    }
    if (Date.now() - this.lastClaim >= Math.max(500, this.config.claimMinIdleMs / 2)) {
      await this.claimAbandoned();
      this.lastClaim = Date.now();
    }
    const fresh = await this.withDeadline(
      readGroup(this.reader, {
        group,
        consumer,
        streams: this.streams,
        count,
        blockMs: this.config.blockMs,
        id: '>',
      }),
    );
    await this.handle(fresh);
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneHandledMessages(this.deps.em(), this.config.dedupRetentionHours).catch(
        (err: unknown) => this.deps.logger.warn({ err }, 'pruning handled message ids failed'),
      );
    }
  }

  /**
   * A blocking read that outlives its BLOCK time by far lost its connection in a way the
   * client did not notice: the reader reconnects and the loop goes on.
   */
  private async withDeadline<T>(read: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (!this.stopping) this.reader.disconnect(true);
        reject(new Error('a read of the event bus did not return'));
      }, this.config.blockMs + 10_000);
    });
    try {
      return await Promise.race([read, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async whenReady(): Promise<void> {
    for (const redis of [this.client, this.reader]) {
      if (redis.status === 'ready') continue;
      if (redis.status === 'wait' || redis.status === 'end') await redis.connect().catch(() => {});
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          redis.off('ready', ready);
          reject(new Error('the event bus Redis is not reachable'));
        }, 2000);
        const ready = () => {
          clearTimeout(timer);
          resolve();
        };
        if (redis.status === 'ready') ready();
        else redis.once('ready', ready);
      });
    }
  }

  /** Entries other consumers hold unacknowledged for too long (crashed): taken over. */
  private async claimAbandoned(): Promise<void> {
    for (const stream of this.streams) {
      let cursor = '0-0';
      do {
        const claimed = await autoClaim(this.client, {
          stream,
          group: this.config.consumerGroup,
          consumer: this.consumerName,
          minIdleMs: this.config.claimMinIdleMs,
          cursor,
          count: this.config.batchSize,
        });
        if (claimed.entries.length > 0) {
          this.deps.logger.info(
            { stream, entries: claimed.entries.length },
            'took over entries a stopped consumer left unacknowledged',
          );
        }
        await this.handle(claimed);
        cursor = claimed.cursor;
      } while (cursor !== '0-0' && !this.stopping);
    }
  }

  private async handle(read: ReadResult): Promise<void> {
    const { entries, gone } = read;
    if (entries.length > 0) this.crashHookAfterRead(entries.length);
    let handled: Handled[] = [];
    if (entries.length > 0) {
      const release = this.deps.room ? await this.deps.room(() => this.stopping) : () => {};
      // Stopping while waiting: the entries stay pending, to be read again.
      if (release === null) return;
      try {
        handled = await handleEntries(entries, this.deps);
      } catch (error) {
        this.count(entries, 'failed');
        throw error;
      } finally {
        release();
      }
    }
    await acknowledge(this.client, this.config.consumerGroup, [...entries, ...gone]);
    this.record(handled);
  }

  private record(handled: readonly Handled[]): void {
    if (handled.length === 0) return;
    const { metrics } = this.deps;
    const totals = new Map<
      string,
      { processed: number; parked: number; lastEventAt: Date | null }
    >();
    for (const { entry, prepared, outcome } of handled) {
      const label = outcome === 'applied' ? 'processed' : outcome;
      metrics.connectorMessages.inc({ stream: entry.stream, outcome: label });
      const total = totals.get(entry.stream) ?? { processed: 0, parked: 0, lastEventAt: null };
      if (outcome === 'parked') total.parked++;
      if (outcome === 'applied' || outcome === 'ignored') {
        total.processed++;
        const time = prepared.envelope?.time ?? null;
        if (time && (!total.lastEventAt || time > total.lastEventAt)) total.lastEventAt = time;
      }
      totals.set(entry.stream, total);
    }
    for (const [stream, { lastEventAt }] of totals) {
      if (lastEventAt) metrics.connectorLastEvent.set({ stream }, lastEventAt.getTime() / 1000);
    }
    // Totals are bookkeeping for connectorStatus: written after the batch, never holding it up.
    this.totals = this.totals
      .then(() => recordStreamTotals(this.deps.em(), this.config.consumerGroup, totals))
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'recording connector totals failed'));
  }

  private count(entries: readonly StreamEntry[], outcome: string): void {
    for (const { stream } of entries) {
      this.deps.metrics.connectorMessages.inc({ stream, outcome });
    }
  }

  /** OPENEDX_TEST_CRASH_AFTER_READ: dies like a killed process, read entries unacknowledged. */
  private crashHookAfterRead(read: number): void {
    const limit = this.config.crashAfterRead;
    if (limit === null) return;
    this.readCount += read;
    if (this.readCount >= limit) process.kill(process.pid, 'SIGKILL');
  }
}
