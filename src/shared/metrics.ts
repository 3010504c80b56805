import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of one Laurel process, on a registry of its own (several Laurels
 * in one process, as in the tests, never share counts). Served at `GET /metrics`.
 */
export interface Metrics {
  registry: Registry;
  graphqlRequests: Counter<'operation' | 'type' | 'outcome'>;
  graphqlDuration: Histogram<'operation' | 'type'>;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  /** Generation attempts by outcome: available, failed (will retry), error (final), skipped. */
  issuance: Counter<'outcome'>;
  renderDuration: Histogram;
  rejectedOperations: Counter<'limit'>;
  rateLimited: Counter<'limiter'>;
  activeSubscriptions: Gauge<'feed'>;
  jobQueueDepth: Gauge<'queue' | 'state'>;
  /** Open edX bus messages by stream and outcome (processed, ignored, parked, duplicate, failed). */
  connectorMessages: Counter<'stream' | 'outcome'>;
  connectorLag: Gauge<'stream'>;
  connectorLastEvent: Gauge<'stream'>;
  connectorConnected: Gauge;
  /** Operations refused by admission control, by reason and priority. */
  admissionShed: Counter<'reason' | 'priority'>;
  /** Operations in flight, the limit and the queue of admission control; read at each scrape. */
  admission: Gauge<'state'>;
  /** Where admission control's state is read on each scrape (the HTTP server sets it). */
  setAdmissionSource(source: () => AdmissionGauges): void;
  /** Where the consumer's lag and connection are read on each scrape (the connector sets it). */
  setConnectorSource(source: () => Promise<ConnectorGauges>): void;
  /** Where the queue depth is read on each scrape (the job queue sets it). */
  setQueueDepthSource(source: () => Promise<QueueDepth[]>): void;
  /** Where the open subscriptions per feed are read on each scrape (the live feeds set it). */
  setSubscriptionSource(source: () => Record<string, number>): void;
}

export interface ConnectorGauges {
  connected: boolean;
  /** Entries of each stream not yet delivered to the consumer group; null when unknown. */
  lag: { stream: string; lag: number | null }[];
}

export interface AdmissionGauges {
  limit: number;
  inFlight: number;
  queued: number;
  overloaded: boolean;
}

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'laurel_' });
  let queueDepthSource: (() => Promise<QueueDepth[]>) | null = null;
  let subscriptionSource: (() => Record<string, number>) | null = null;
  let connectorSource: (() => Promise<ConnectorGauges>) | null = null;
  let admissionSource: (() => AdmissionGauges) | null = null;
  const metrics: Metrics = {
    registry,
    graphqlRequests: new Counter({
      name: 'laurel_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name, type and outcome (ok, error)',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'laurel_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its answer',
      labelNames: ['operation', 'type'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'laurel_http_request_duration_seconds',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    issuance: new Counter({
      name: 'laurel_credential_generations_total',
      help: 'Credential generation attempts by outcome (available, failed, error, skipped)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    renderDuration: new Histogram({
      name: 'laurel_pdf_render_duration_seconds',
      help: 'Time to render one credential PDF',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    rejectedOperations: new Counter({
      name: 'laurel_graphql_rejected_operations_total',
      help: 'GraphQL operations refused by an operation limit, by limit',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'laurel_rate_limited_total',
      help: 'Requests refused by a rate limit, by limiter (verify, mutation)',
      labelNames: ['limiter'] as const,
      registers: [registry],
    }),
    activeSubscriptions: new Gauge({
      name: 'laurel_active_subscriptions',
      help: 'GraphQL subscriptions currently open on this process, by feed; read at each scrape',
      labelNames: ['feed'] as const,
      registers: [registry],
      collect() {
        if (subscriptionSource === null) return;
        for (const [feed, count] of Object.entries(subscriptionSource())) this.set({ feed }, count);
      },
    }),
    jobQueueDepth: new Gauge({
      name: 'laurel_job_queue_depth',
      help: 'Jobs waiting (created, retry) or running (active), by queue; read at each scrape',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        if (queueDepthSource === null) return;
        // While the database is away the gauge keeps its last values.
        const depths = await queueDepthSource().catch(() => null);
        if (depths === null) return;
        this.reset();
        for (const { queue, state, count } of depths) this.set({ queue, state }, count);
      },
    }),
    connectorMessages: new Counter({
      name: 'laurel_connector_messages_total',
      help: 'Open edX event-bus messages by stream and outcome (processed, ignored, parked, duplicate, failed)',
      labelNames: ['stream', 'outcome'] as const,
      registers: [registry],
    }),
    connectorLag: new Gauge({
      name: 'laurel_connector_lag',
      help: 'Entries of each event-bus stream not yet delivered to the consumer group; read at each scrape',
      labelNames: ['stream'] as const,
      registers: [registry],
      async collect() {
        if (connectorSource === null) return;
        const gauges = await connectorSource().catch(() => null);
        metrics.connectorConnected.set(gauges?.connected ? 1 : 0);
        if (gauges === null) return;
        for (const { stream, lag } of gauges.lag) if (lag !== null) this.set({ stream }, lag);
      },
    }),
    connectorLastEvent: new Gauge({
      name: 'laurel_connector_last_event_timestamp_seconds',
      help: 'Time (event time) of the newest event-bus message this process applied, by stream',
      labelNames: ['stream'] as const,
      registers: [registry],
    }),
    connectorConnected: new Gauge({
      name: 'laurel_connector_connected',
      help: '1 while this process reaches the event-bus Redis (connector processes only)',
      registers: [registry],
    }),
    admissionShed: new Counter({
      name: 'laurel_admission_shed_total',
      help: 'Operations refused by admission control (503), by reason (capacity, queue_timeout, event_loop_delay, heap) and priority (ingest, interactive, bulk)',
      labelNames: ['reason', 'priority'] as const,
      registers: [registry],
    }),
    admission: new Gauge({
      name: 'laurel_admission',
      help: 'Admission control: operations in_flight, their limit, queued ones, overloaded (1 while refusing); read at each scrape',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        if (admissionSource === null) return;
        const { limit, inFlight, queued, overloaded } = admissionSource();
        this.set({ state: 'limit' }, limit);
        this.set({ state: 'in_flight' }, inFlight);
        this.set({ state: 'queued' }, queued);
        this.set({ state: 'overloaded' }, overloaded ? 1 : 0);
      },
    }),
    setAdmissionSource: (source) => {
      admissionSource = source;
    },
    setConnectorSource: (source) => {
      connectorSource = source;
    },
    setQueueDepthSource: (source) => {
      queueDepthSource = source;
    },
    setSubscriptionSource: (source) => {
      subscriptionSource = source;
    },
  };
  return metrics;
}

/** Operation names come from clients: only tidy names, and at most this many, get a label. */
const MAX_OPERATION_LABELS = 200;

export function operationLabel(known: Set<string>, name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (known.has(name)) return name;
  if (known.size >= MAX_OPERATION_LABELS) return 'other';
  known.add(name);
  return name;
}
