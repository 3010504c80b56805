import type { Config } from './config';
import { openDatabase } from './db/database';
import type { Orm } from './db/orm';
import {
  autoIssueListener,
  reconcileCredentials,
  type ReconcileResult,
  releaseConfiguration,
  runLifecycle,
} from './modules/credentials';
import { type IssuanceRuntime, type JobQueue, startIssuance } from './modules/issuance';
import { loadEffectiveProfile } from './modules/issuers';
import {
  credentialEventOutbox,
  type Mailer,
  type NotificationsRuntime,
  startNotifications,
} from './modules/notifications';
import { allocateStatusEntry } from './modules/openbadges';
import {
  type ConnectorRuntime,
  type CourseImporter,
  createCourseImporter,
  LmsClient,
  type LearningPathSync,
  StaffGrantsCache,
  startConnector,
  startLearningPathSync,
} from './modules/openedx';
import { IngestService, liveProgressListener, type ProgressListener } from './modules/progress';
import { createAdmission, ingestRoom } from './server/admission';
import { resolveJwtSecret } from './server/auth/local-secret';
import { createTokenVerifier } from './server/auth/token-verifier';
import { startHttpServer } from './server/http';
import { jobCounts } from './server/ops-routes';
import { startOpsServer } from './server/ops-server';
import {
  busReady,
  type LiveFeeds,
  openEventBus,
  openLiveFeeds,
  shareStaffGrantChanges,
} from './server/live';
import { buildSubgraph } from './server/schema';
import { type Clock, systemClock } from './shared/clock';
import { CREDENTIAL_EVENTS, type EventBus, tapPublications } from './shared/events';
import type { Logger } from './shared/logger';
import { createMetrics, type Metrics } from './shared/metrics';

export interface Laurel {
  /** The GraphQL endpoint; for `worker` and `connector`, the base of /healthz, /readyz, /metrics. */
  url: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  issuance: IssuanceRuntime<ReconcileResult>;
  /** E-mail and webhooks of credential events. */
  notifications: NotificationsRuntime;
  metrics: Metrics;
  /** What this process's subscriptions read: open watches per feed. */
  live: LiveFeeds;
  /** The Open edX LMS connection; null without OPENEDX_LMS_URL. */
  openedx: {
    courses: CourseImporter;
    /** The learning paths poll: in `all` and `worker` processes, when its interval is set. */
    learningPaths: LearningPathSync | null;
  } | null;
  stop(): Promise<void>;
}

/** The LMS client, the course importer and (outside `api` processes) the learning paths poll. */
function startOpenedx(
  config: Config,
  logger: Logger,
  orm: Orm,
  listeners: readonly ProgressListener[],
): Laurel['openedx'] {
  const { lmsUrl, clientId, clientSecret, requestTimeoutMs, pathsPollSeconds } = config.openedx;
  if (!lmsUrl) return null;
  if (!clientId || !clientSecret) {
    logger.warn(
      'OPENEDX_LMS_URL is set without OPENEDX_CLIENT_ID and OPENEDX_CLIENT_SECRET: its tokens are accepted, but course import, backfill and learning paths are off',
    );
    return null;
  }
  const lms = new LmsClient({
    baseUrl: lmsUrl,
    clientId,
    clientSecret,
    timeoutMs: requestTimeoutMs,
  });
  const em = () => orm.em.fork();
  const courses = createCourseImporter({ lms, em, logger });
  const learningPaths =
    config.role !== 'api' && pathsPollSeconds > 0
      ? startLearningPathSync({
          lms,
          em,
          ingest: (fork) =>
            new IngestService(fork, { maxBatchFacts: config.maxBatchFacts, listeners, logger }),
          courses,
          logger,
          intervalSeconds: pathsPollSeconds,
        })
      : null;
  return { courses, learningPaths };
}

/** Boots Laurel: database (migrated), schema, HTTP server. `stop` shuts down in order. */
export async function startLaurel(
  config: Config,
  logger: Logger,
  hooks: {
    onQuery?: (sql: string) => void;
    progressListeners?: readonly ProgressListener[];
    /** The caller handles SIGINT/SIGTERM by calling `stop` (the server process does). */
    ownSignals?: boolean;
    /** Reads Open edX courses from the LMS when events name one (refresh, first import). */
    courseImporter?: CourseImporter;
    /** Sends notification e-mail instead of SMTP_URL's transport (tests). */
    mailer?: Mailer;
    /** The time of availability dates, expiry and renewal; default: the system clock. */
    clock?: Clock;
  } = {},
): Promise<Laurel> {
  const clock = hooks.clock ?? systemClock;
  const database = await openDatabase(config, logger, {
    onQuery: hooks.onQuery,
    ownSignals: hooks.ownSignals,
  });
  let issuance: IssuanceRuntime<ReconcileResult> | null = null;
  let notifications: NotificationsRuntime | null = null;
  const metrics = createMetrics();
  const admission = createAdmission(config.admission);
  let events: EventBus | null = null;
  let live: LiveFeeds | null = null;
  let stopStaffGrants = () => {};
  let lms: Laurel['openedx'] = null;
  let connector: ConnectorRuntime | null = null;
  try {
    events = await openEventBus(config, logger);
    live = openLiveFeeds(events, config, logger);
    const feeds = live;
    metrics.setSubscriptionSource(() => ({
      progressChanged: feeds.progress.size,
      credentialEvents: feeds.credentials.size,
    }));
    const bus = events;
    await busReady(events, logger);
    // Publishers record a credential event's e-mail and webhook deliveries in the transaction
    // of the change (the outbox); once such an event is out (committed), this process's
    // senders look at once instead of at their next poll.
    let queued = false;
    const published = tapPublications(
      bus,
      async (topic) => {
        if (topic !== CREDENTIAL_EVENTS || !queued) return;
        queued = false;
        issuance?.jobs.wakeUp();
      },
      (err) => logger.error({ err }, 'waking the notification senders failed'),
    );
    const outboxOf = (jobs: JobQueue) =>
      credentialEventOutbox(
        { jobs, config: config.notifications, publicUrl: config.publicUrl },
        () => (queued = true),
      );
    issuance = await startIssuance({
      config,
      databaseUrl: database.url,
      orm: database.orm,
      events: published,
      outboxOf,
      logger,
      metrics,
      // Unset in production: the issue date is then the database's time of the claim.
      clock: hooks.clock,
      reconcile: (jobs) =>
        reconcileCredentials(database.orm.em.fork(), jobs, {
          expireSeconds: config.jobs.expireSeconds,
          clock,
        }),
      release: (jobs, data) => releaseConfiguration(database.orm.em.fork(), { jobs, clock }, data),
      lifecycle: (jobs) =>
        runLifecycle(database.orm.em.fork(), {
          jobs,
          events: published,
          outbox: outboxOf(jobs),
          clock,
          logger,
        }),
      organizationOf: loadEffectiveProfile,
      allocateStatus: (em, credentialId) =>
        allocateStatusEntry(em, credentialId, undefined, { asynchronousCommit: true }),
    });
    const api = issuance;
    notifications = await startNotifications({
      config,
      orm: database.orm,
      jobs: api.jobs,
      logger,
      mailer: hooks.mailer,
    });
    const progressListeners = [
      autoIssueListener(api.jobs, clock),
      liveProgressListener(bus, logger),
      ...(hooks.progressListeners ?? []),
    ];
    lms = startOpenedx(config, logger, database.orm, progressListeners);
    // The consumer runs in `connector` processes, and in `all` when the bus is configured.
    connector = startConnector({
      config,
      orm: database.orm,
      logger,
      metrics,
      listeners: progressListeners,
      courseImporter: hooks.courseImporter ?? lms?.courses,
      consume:
        config.role === 'connector' ||
        (config.role === 'all' && config.openedx.eventBusUrl !== null),
      room: ingestRoom(admission),
    });
    const openedx = connector;
    const startApi = async () => {
      const [schema, secret] = await Promise.all([buildSubgraph(), resolveJwtSecret(config)]);
      const staffGrants = new StaffGrantsCache(() => database.orm.em.fork());
      stopStaffGrants = shareStaffGrantChanges(bus, staffGrants, logger);
      return startHttpServer({
        config,
        logger,
        orm: database.orm,
        schema,
        verifyToken: createTokenVerifier({ ...config.auth, secret, staffGrants, logger }),
        progressListeners,
        issuance: api,
        signer: api.signer,
        storage: api.storage,
        metrics,
        live: feeds,
        connector: openedx.deps,
        admission,
      });
    };
    const consumer = openedx.consumer;
    const http =
      config.role === 'worker' || config.role === 'connector'
        ? await startOpsServer({
            config,
            logger,
            orm: database.orm,
            metrics,
            readiness: consumer
              ? [() => (consumer.connected() ? null : 'event bus unreachable')]
              : [],
            details:
              config.role === 'worker'
                ? async () => ({ jobs: jobCounts(await api.jobs.depth()) })
                : undefined,
          })
        : await startApi();
    admission.start();
    const running = issuance;
    const notifying = notifications;
    return {
      url: http.url,
      databaseUrl: database.url,
      embeddedDatabase: database.embedded,
      issuance: running,
      notifications: notifying,
      metrics,
      live: feeds,
      openedx: lms,
      stop: async () => {
        logger.debug('stopping: http');
        await http.stop();
        stopStaffGrants();
        logger.debug('stopping: connector');
        await openedx.stop();
        admission.stop();
        await lms?.learningPaths?.stop();
        feeds.close();
        logger.debug('stopping: issuance');
        await running.stop();
        notifying.stop();
        logger.debug('stopping: events');
        await bus.close?.();
        logger.debug('stopping: database');
        await database.close();
      },
    };
  } catch (error) {
    stopStaffGrants();
    await connector?.stop();
    await lms?.learningPaths?.stop();
    live?.close();
    await issuance?.stop();
    notifications?.stop();
    await events?.close?.();
    await database.close();
    throw error;
  }
}
