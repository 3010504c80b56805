import { ConfigError, type Env, integer, oneOf, text, url } from './config-values';

/** The topics read when OPENEDX_TOPICS is unset (docs/openedx-event-bus.md lists their events). */
export const DEFAULT_OPENEDX_TOPICS = [
  'learning-course-enrollment-lifecycle',
  'course-unenrollment-lifecycle',
  'learning-course-grade-lifecycle',
  'analytics',
  'learning-course-access-role-lifecycle',
  'course-authoring-xblock-lifecycle',
  'course-catalog-info-changed',
  'learning-forum-lifecycle',
] as const;

/** The Open edX installation: its LMS (REST APIs, JWKS) and its event bus (docs/openedx*.md). */
export interface OpenedxConfig {
  /** LMS root, e.g. https://lms.example.com; null = not connected. */
  lmsUrl: string | null;
  /** OAuth2 application (client credentials) of a global-staff service user. */
  clientId: string | null;
  clientSecret: string | null;
  /** Interval of the learning paths poll; 0 = off. */
  pathsPollSeconds: number;
  /** One LMS request longer than this fails (and is retried). */
  requestTimeoutMs: number;
  /** Redis of the platform's event bus (event-bus-redis); null = no consumer. */
  eventBusUrl: string | null;
  /** event-bus-redis's EVENT_BUS_TOPIC_PREFIX: streams are `<prefix>-<topic>`, or `<topic>`. */
  topicPrefix: string;
  topics: string[];
  consumerGroup: string;
  /** Where a new consumer group starts: the oldest entry still in the stream, or new ones only. */
  startFrom: 'oldest' | 'latest';
  /** Entries read (and ingested in one transaction) at once. */
  batchSize: number;
  /** How long one read waits for new entries. */
  blockMs: number;
  /** Entries another consumer has held unacknowledged this long are taken over (a crashed one's). */
  claimMinIdleMs: number;
  /** How long handled message ids are kept for deduplication. */
  dedupRetentionHours: number;
  /** Tests only: the process kills itself after reading this many entries, before committing. */
  crashAfterRead: number | null;
}

function topicList(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === null) return [...DEFAULT_OPENEDX_TOPICS];
  const topics = [...new Set(raw.split(',').map((topic) => topic.trim()))].filter(Boolean);
  if (topics.length === 0 || topics.some((topic) => !/^[\w.:-]{1,200}$/.test(topic))) {
    throw new ConfigError(name, 'topic names separated by commas (letters, digits, . _ : -)', raw);
  }
  return topics;
}

function streamName(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (raw !== '' && !/^[\w.:-]{1,100}$/.test(raw)) {
    throw new ConfigError(name, 'up to 100 letters, digits or . _ : -', raw);
  }
  return raw;
}

export function openedxConfig(env: Env): OpenedxConfig {
  const lmsUrl = url(env, 'OPENEDX_LMS_URL', ['http:', 'https:']);
  const clientId = text(env, 'OPENEDX_CLIENT_ID');
  const clientSecret = text(env, 'OPENEDX_CLIENT_SECRET');
  if ((clientId === null) !== (clientSecret === null)) {
    const missing = clientId === null ? 'OPENEDX_CLIENT_ID' : 'OPENEDX_CLIENT_SECRET';
    throw new ConfigError(missing, 'a value (the OAuth client needs both)', '');
  }
  return {
    lmsUrl: lmsUrl === null ? null : lmsUrl.replace(/\/+$/, ''),
    clientId,
    clientSecret,
    pathsPollSeconds: integer(env, 'OPENEDX_PATHS_POLL_SECONDS', 300, 0, 86_400),
    requestTimeoutMs: integer(env, 'OPENEDX_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    eventBusUrl: url(env, 'OPENEDX_EVENT_BUS_URL', ['redis:', 'rediss:']),
    topicPrefix: streamName(env, 'OPENEDX_TOPIC_PREFIX', ''),
    topics: topicList(env, 'OPENEDX_TOPICS'),
    consumerGroup: streamName(env, 'OPENEDX_CONSUMER_GROUP', 'laurel') || 'laurel',
    startFrom: oneOf(env, 'OPENEDX_START_FROM', ['oldest', 'latest'] as const, 'oldest'),
    batchSize: integer(env, 'OPENEDX_BATCH_SIZE', 5000, 1, 20_000),
    blockMs: integer(env, 'OPENEDX_BLOCK_MS', 5000, 10, 60_000),
    claimMinIdleMs: integer(env, 'OPENEDX_CLAIM_MIN_IDLE_MS', 60_000, 100, 86_400_000),
    dedupRetentionHours: integer(env, 'OPENEDX_DEDUP_RETENTION_HOURS', 168, 1, 24 * 365),
    crashAfterRead:
      text(env, 'OPENEDX_TEST_CRASH_AFTER_READ') === null
        ? null
        : integer(env, 'OPENEDX_TEST_CRASH_AFTER_READ', 0, 1, 1_000_000),
  };
}
