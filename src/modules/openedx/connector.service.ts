import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { notFound } from '../../shared/errors';
import { isUuid } from '../../shared/keys';
import type { Page, PageRequest } from '../../shared/pagination';
import type { BusStatusSource } from './bus-inspector';
import { ConnectorFailure } from './connector-failure.entity';
import type { ConnectorStatus, ConnectorStreamStatus } from './connector.types';
import { streamOf } from './consumer';
import { listFailures } from './failures';
import { handleEntries, type PipelineDeps } from './pipeline';
import type { GroupInfo } from './stream-status';

export interface ConnectorDeps {
  config: Config['openedx'];
  /** The running consumer, or a Redis client of this process; null without a bus URL. */
  bus: BusStatusSource | null;
  pipeline: Omit<PipelineDeps, 'em'>;
}

const TOTALS_SQL = `
select stream, processed::float8 as processed, parked::float8 as parked, last_event_at
from connector_stream where consumer_group = ?`;

const UNRESOLVED_SQL = `
select stream, count(*)::int as count from connector_failure
where resolved_at is null group by stream`;

/** Admin views of the connector: status, dead letters, replay. Callers check the rights. */
export class ConnectorService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: ConnectorDeps,
  ) {}

  async status(): Promise<ConnectorStatus> {
    const { config, bus } = this.deps;
    const streams = config.topics.map((topic) => streamOf(config.topicPrefix, topic));
    const [totals, unresolved, groups] = await Promise.all([
      this.em.execute<
        { stream: string; processed: number; parked: number; last_event_at: Date | null }[]
      >(TOTALS_SQL, [config.consumerGroup]),
      this.em.execute<{ stream: string; count: number }[]>(UNRESOLVED_SQL),
      bus ? bus.status().catch(() => null) : Promise.resolve(null),
    ]);
    const groupOf = new Map((groups ?? []).map((g): [string, GroupInfo] => [g.stream, g]));
    const totalOf = new Map(totals.map((t) => [t.stream, t]));
    const unresolvedOf = new Map(unresolved.map((u) => [u.stream, u.count]));
    return {
      configured: config.eventBusUrl !== null,
      connected: groups !== null && (bus?.connected() ?? false),
      consumerGroup: config.consumerGroup,
      streams: streams.map((stream): ConnectorStreamStatus => {
        const group = groupOf.get(stream);
        const total = totalOf.get(stream);
        return {
          stream,
          exists: group?.exists ?? false,
          lag: group?.lag ?? null,
          pending: group?.pending ?? 0,
          consumers: group?.consumers ?? 0,
          processed: total?.processed ?? 0,
          parked: total?.parked ?? 0,
          unresolvedFailures: unresolvedOf.get(stream) ?? 0,
          lastEventAt: total?.last_event_at ? new Date(total.last_event_at) : null,
        };
      }),
    };
  }

  failures(request: PageRequest, unresolvedOnly: boolean): Promise<Page<ConnectorFailure>> {
    return listFailures(this.em, request, unresolvedOnly);
  }

  /**
   * Decodes and applies a dead letter again, as if just read (its id counts as new). Applied
   * (or now deliberately ignored): resolved. Parked again: the new reason, one more attempt.
   */
  async replay(id: string): Promise<ConnectorFailure> {
    const failure = isUuid(id) ? await this.em.findOne(ConnectorFailure, { id }) : null;
    if (!failure) throw notFound('Connector failure', id);
    const fields = new Map(Object.entries(failure.fields).map(([k, v]) => [k, Buffer.from(v)]));
    if (failure.eventData) fields.set('event_data', Buffer.from(failure.eventData));
    const [handled] = await handleEntries(
      [{ stream: failure.stream, entryId: failure.entryId, fields }],
      { ...this.deps.pipeline, em: () => this.em.fork() },
      { skipDeduplication: true },
    );
    if (handled.outcome !== 'parked') {
      await this.em.nativeUpdate(ConnectorFailure, { id }, { resolvedAt: new Date() });
    }
    return this.em.fork().findOneOrFail(ConnectorFailure, { id });
  }
}
