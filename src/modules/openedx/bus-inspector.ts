import Redis from 'ioredis';
import { streamOf, type ConnectorConfig } from './consumer';
import { groupInfo, type GroupInfo } from './stream-status';

/** Where connectorStatus reads the consumer group's position. */
export interface BusStatusSource {
  connected(): boolean;
  status(): Promise<GroupInfo[]>;
  close?(): Promise<void>;
}

/**
 * For a process that serves the API but runs no consumer: a Redis connection of its own,
 * opened on the first connectorStatus (never per ordinary request).
 */
export class BusInspector implements BusStatusSource {
  private client: Redis | null = null;

  constructor(private readonly config: ConnectorConfig) {}

  connected(): boolean {
    return this.client?.status === 'ready';
  }

  async status(): Promise<GroupInfo[]> {
    this.client ??= new Redis(this.config.eventBusUrl, {
      connectionName: 'laurel-connector-status',
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(200 * attempt, 5000),
    });
    const client = this.client;
    client.on('error', () => undefined);
    if (client.status === 'wait') await client.connect();
    const { topicPrefix, topics, consumerGroup } = this.config;
    return Promise.all(
      topics.map((topic) => groupInfo(client, streamOf(topicPrefix, topic), consumerGroup)),
    );
  }

  async close(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
