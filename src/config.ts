import path from 'node:path';
import { authConfig, type AuthConfig, serviceToken, signingKey } from './auth-config';
import { ConfigError, type Env, integer, oneOf, text, url } from './config-values';
import {
  admissionConfig,
  type AdmissionConfig,
  httpTimeouts,
  type HttpTimeouts,
} from './capacity-config';
import {
  databaseConfig,
  type DatabaseConfig,
  redisConfig,
  type RedisConfig,
} from './database-config';
import { jobsConfig, type JobsConfig } from './jobs-config';
import { notificationsConfig, type NotificationsConfig } from './notifications-config';
import { openedxConfig, type OpenedxConfig } from './openedx-config';
import {
  limitsConfig,
  type LimitsConfig,
  origins,
  subscriptionsConfig,
  type SubscriptionsConfig,
  trustProxy,
  type TrustProxy,
} from './server-config';
import { storageConfig, type StorageConfig } from './storage-config';

export { ConfigError } from './config-values';
export { DEFAULT_OPENEDX_TOPICS, type OpenedxConfig } from './openedx-config';
export type { AdmissionConfig, HttpTimeouts } from './capacity-config';
export type { AuthConfig } from './auth-config';
export type { DatabaseConfig, RedisConfig } from './database-config';
export type { JobsConfig } from './jobs-config';
export type { NotificationsConfig } from './notifications-config';
export type { LimitsConfig, SubscriptionsConfig, TrustProxy } from './server-config';
export type { StorageConfig } from './storage-config';

export type Role = 'all' | 'api' | 'worker' | 'connector';

export interface Config {
  port: number;
  host: string;
  home: string;
  databaseUrl: string | null;
  databasePoolMax: number;
  role: Role;
  publicUrl: string;
  logLevel: string;
  maxPageSize: number;
  /** Most facts (enrollments + completions + scores) one recordProgress batch may carry. */
  maxBatchFacts: number;
  /** Most actively enrolled learners one previewEligibility evaluates (PREVIEW_MAX_LEARNERS). */
  previewMaxLearners: number;
  /**
   * CORS_ORIGINS: exact origins (`https://apps.example.org`) whose pages may call the API
   * with credentials (the JWT cookie) and use the cookie sign-in; none by default.
   */
  corsOrigins: string[];
  /**
   * Express `trust proxy`: which proxies' X-Forwarded-For to believe when telling the client
   * address (rate limits). false (default) = the socket peer; a number = that many hops; a list
   * of addresses, CIDR ranges or the names loopback, linklocal, uniquelocal.
   */
  trustProxy: TrustProxy;
  verification: {
    /** Verification requests (query or page) per client address and minute; 0 = unlimited. */
    rateLimitPerMinute: number;
  };
  /** The issuer `Profile` of Open Badges 3.0 credentials. */
  openBadges: {
    /** OPEN_BADGES_ISSUER_NAME, default "Laurel". */
    issuerName: string;
    /** OPEN_BADGES_ISSUER_URL, default PUBLIC_URL. */
    issuerUrl: string;
  };
  limits: LimitsConfig;
  /** Expensive queries (see limits.expensiveQueryCost) per caller and minute; 0 = unlimited. */
  queryRateLimitPerMinute: number;
  /** Mutation fields per caller (token subject, or client address without one) and minute; 0 = unlimited. */
  mutationRateLimitPerMinute: number;
  /** Certificate previews (query or route) per caller and minute; 0 = unlimited. */
  previewRateLimitPerMinute: number;
  database: DatabaseConfig;
  /** The HTTP server's own timeouts (node:http). */
  http: HttpTimeouts;
  /** Admission control of GraphQL operations (HTTP and graphql-ws), per process. */
  admission: AdmissionConfig;
  /** Bearer token /metrics asks for; null = open (keep it on an internal network). */
  metricsToken: string | null;
  /** Bearer token `_service` (the subgraph SDL) asks for, admins aside; null = open. */
  federationServiceToken: string | null;
  auth: AuthConfig;
  /** Where PDFs and template assets live. */
  storage: StorageConfig;
  redis: RedisConfig;
  subscriptions: SubscriptionsConfig;
  /** Ed25519 private key (PKCS#8 PEM); null = the key file under LAUREL_HOME. */
  signingKeyPem: string | null;
  /** The Open edX installation: its LMS (REST APIs, JWKS) and its event bus (docs/openedx*.md). */
  openedx: OpenedxConfig;
  /** E-mail to learners and signed webhooks (docs/notifications.md). */
  notifications: NotificationsConfig;
  jobs: JobsConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses and validates every environment variable once; throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const auth = authConfig(env);
  const home = path.resolve(text(env, 'LAUREL_HOME') ?? '.laurel');
  if (text(env, 'LAUREL_ROLE') === 'connector' && text(env, 'OPENEDX_EVENT_BUS_URL') === null) {
    throw new ConfigError(
      'OPENEDX_EVENT_BUS_URL',
      'a redis:// URL (LAUREL_ROLE=connector reads the event bus)',
      '',
    );
  }
  const publicUrl = (
    url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');
  const role = oneOf(env, 'LAUREL_ROLE', ['all', 'api', 'worker', 'connector'] as const, 'all');
  const jobs = jobsConfig(env, role === 'all');
  return {
    port,
    host: text(env, 'HOST') ?? '0.0.0.0',
    home,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 500),
    role,
    publicUrl,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    maxBatchFacts: integer(env, 'MAX_BATCH_FACTS', 10_000, 1, 100_000),
    previewMaxLearners: integer(env, 'PREVIEW_MAX_LEARNERS', 20_000, 1, 1_000_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    verification: {
      rateLimitPerMinute: integer(env, 'VERIFY_RATE_LIMIT', 60, 0, 1_000_000),
    },
    openBadges: {
      issuerName: text(env, 'OPEN_BADGES_ISSUER_NAME') ?? 'Laurel',
      issuerUrl: url(env, 'OPEN_BADGES_ISSUER_URL', ['http:', 'https:']) ?? publicUrl,
    },
    limits: limitsConfig(env),
    queryRateLimitPerMinute: integer(env, 'QUERY_RATE_LIMIT', 120, 0, 1_000_000),
    mutationRateLimitPerMinute: integer(env, 'MUTATION_RATE_LIMIT', 600, 0, 1_000_000),
    previewRateLimitPerMinute: integer(env, 'PREVIEW_RATE_LIMIT', 30, 0, 1_000_000),
    database: databaseConfig(env),
    http: httpTimeouts(env),
    admission: admissionConfig(env),
    metricsToken: text(env, 'METRICS_TOKEN'),
    federationServiceToken: serviceToken(env, 'FEDERATION_SERVICE_TOKEN'),
    auth,
    storage: storageConfig(env, home),
    redis: redisConfig(env),
    subscriptions: subscriptionsConfig(env),
    signingKeyPem: signingKey(env),
    openedx: openedxConfig(env),
    notifications: notificationsConfig(env),
    jobs,
  };
}
