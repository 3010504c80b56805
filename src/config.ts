import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { boolean, ConfigError, cron, type Env, integer, oneOf, text, url } from './config-values';
import {
  admissionConfig,
  type AdmissionConfig,
  httpTimeouts,
  type HttpTimeouts,
} from './capacity-config';
import { notificationsConfig, type NotificationsConfig } from './notifications-config';
import { openedxConfig, type OpenedxConfig } from './openedx-config';

export { ConfigError } from './config-values';
export { DEFAULT_OPENEDX_TOPICS, type OpenedxConfig } from './openedx-config';
export type { AdmissionConfig, HttpTimeouts } from './capacity-config';
export type { NotificationsConfig } from './notifications-config';

export type Role = 'all' | 'api' | 'worker' | 'connector';

/** Where credential files and assets are kept (the storage drivers' settings). */
export type StorageConfig =
  | { driver: 'local'; root: string }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      endpoint?: string;
      publicEndpoint?: string;
      forcePathStyle: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
    };

export type TrustProxy = boolean | number | string[];

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
  /** Limits every GraphQL request must stay within (answered BAD_USER_INPUT, or 413). */
  limits: {
    maxQueryDepth: number;
    /** Estimated cost: 1 per field, lists multiplied by `first` or the number of representations. */
    maxQueryCost: number;
    maxAliases: number;
    /** Operations one HTTP request may carry as a JSON array; 1 turns batching off. */
    maxBatchOperations: number;
    maxBodyBytes: number;
    /** A query costing at least this much spends one unit of QUERY_RATE_LIMIT. */
    expensiveQueryCost: number;
  };
  /** Expensive queries (see limits.expensiveQueryCost) per caller and minute; 0 = unlimited. */
  queryRateLimitPerMinute: number;
  /** Mutation fields per caller (token subject, or client address without one) and minute; 0 = unlimited. */
  mutationRateLimitPerMinute: number;
  /** Certificate previews (query or route) per caller and minute; 0 = unlimited. */
  previewRateLimitPerMinute: number;
  database: {
    /** A statement running longer is cancelled (PostgreSQL statement_timeout); 0 = none. */
    statementTimeoutMs: number;
    /** Opening a connection longer fails it, so requests fail fast while PostgreSQL is away. */
    connectTimeoutMs: number;
    /** Waiting longer for a free pool connection fails the request (SERVICE_UNAVAILABLE). */
    acquireTimeoutMs: number;
  };
  /** The HTTP server's own timeouts (node:http). */
  http: HttpTimeouts;
  /** Admission control of GraphQL operations (HTTP and graphql-ws), per process. */
  admission: AdmissionConfig;
  /** Bearer token /metrics asks for; null = open (keep it on an internal network). */
  metricsToken: string | null;
  /** Bearer token `_service` (the subgraph SDL) asks for, admins aside; null = open. */
  federationServiceToken: string | null;
  auth: {
    jwtSecret: string | null;
    /** AUTH_JWKS_URL, else `${OPENEDX_LMS_URL}/auth/jwks.json`; null = no asymmetric tokens. */
    jwksUrl: string | null;
    /** AUTH_ISSUER: the issuer every token must name (HS256 ones too). */
    issuer: string | null;
    /** AUTH_AUDIENCE: an audience every token must name. */
    audience: string | null;
    /**
     * The issuer JWKS-signed tokens must name: AUTH_JWKS_ISSUER, else AUTH_ISSUER, else
     * `${OPENEDX_LMS_URL}/oauth2`.
     */
    jwksIssuer: string | null;
    /** The audience JWKS-signed tokens must name: AUTH_JWKS_AUDIENCE, else AUTH_AUDIENCE. */
    jwksAudience: string | null;
    /** Clock skew allowed on the exp, iat and nbf of JWKS-signed tokens. */
    leewaySeconds: number;
    /** The claim holding the learner id; null = `user_id` when the token has it, else `sub`. */
    learnerIdClaim: string | null;
  };
  /** Where PDFs and template assets live. */
  storage: StorageConfig;
  /**
   * Fan-out of live events between processes, and rate-limit counters shared by every
   * process; null url = events in-process only, counters in PostgreSQL.
   */
  redis: {
    url: string | null;
    /** Prepended to every channel name, so that several deployments can share one Redis. */
    channelPrefix: string;
  };
  /** graphql-ws on /graphql. */
  subscriptions: {
    /** Operations one connection may run at once. */
    maxPerConnection: number;
    /**
     * Open connections one principal (the token's subject, else its set of roles) may hold;
     * counted across every process when REDIS_URL is set.
     */
    maxConnectionsPerPrincipal: number;
    /** Open connections in all; counted across every process when REDIS_URL is set. */
    maxConnections: number;
    /** Interval of the server's ping; a client that has not answered by the next one is dropped. 0 = off. */
    keepAliveSeconds: number;
    /** Events one subscription may have waiting for a slow client before it is ended. */
    maxQueuedEvents: number;
  };
  /** Ed25519 private key (PKCS#8 PEM); null = the key file under LAUREL_HOME. */
  signingKeyPem: string | null;
  /** The Open edX installation: its LMS (REST APIs, JWKS) and its event bus (docs/openedx*.md). */
  openedx: OpenedxConfig;
  /** E-mail to learners and signed webhooks (docs/notifications.md). */
  notifications: NotificationsConfig;
  jobs: {
    /** Retries of a failed generation after the first attempt. */
    retryLimit: number;
    /** Base delay before the first retry; doubles with each retry (with jitter). */
    retryDelaySeconds: number;
    /** An active job older than this is taken back and retried (a crashed worker's job). */
    expireSeconds: number;
    /** Credentials one worker process generates at once (their rendering waits for a thread). */
    concurrency: number;
    /**
     * Threads that render PDFs in a worker process; 0 = the main thread. Default: one per
     * core, at most 4, one core fewer in an `all` process (its API keeps one).
     */
    renderThreads: number;
    /** Scheduling niceness of the render threads (0–19): renders yield the CPU to requests. */
    renderNice: number;
    /** Cron of the reconciliation sweep; null = off. */
    reconcileCron: string | null;
    /** Cron of the lifecycle sweep (expiry and renewal of credentials); null = off. */
    lifecycleCron: string | null;
  };
}

function storageConfig(env: Env, home: string): StorageConfig {
  const driver = oneOf(env, 'STORAGE', ['local', 's3'] as const, 'local');
  if (driver === 'local') {
    return { driver, root: path.resolve(text(env, 'STORAGE_DIR') ?? path.join(home, 'files')) };
  }
  const bucket = text(env, 'S3_BUCKET');
  if (bucket === null || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', 'an S3 bucket name (STORAGE=s3 needs one)', bucket ?? '');
  }
  const accessKeyId = text(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = text(env, 'S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    const missing = accessKeyId === null ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY';
    throw new ConfigError(missing, 'a value (give both access key variables, or neither)', '');
  }
  return {
    driver,
    bucket,
    region: text(env, 'S3_REGION') ?? 'us-east-1',
    endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']) ?? undefined,
    publicEndpoint: url(env, 'S3_PUBLIC_ENDPOINT', ['http:', 'https:']) ?? undefined,
    forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE', false),
    ...(accessKeyId !== null && secretAccessKey !== null ? { accessKeyId, secretAccessKey } : {}),
  };
}

function signingKey(env: Env): string | null {
  const pem = text(env, 'SIGNING_KEY');
  if (pem === null) return null;
  try {
    const key = createPrivateKey({ key: pem.replace(/\\n/g, '\n').trim(), format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  } catch {
    throw new ConfigError('SIGNING_KEY', 'a PKCS#8 PEM Ed25519 private key', '<hidden>');
  }
  return pem;
}

function channelPrefix(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (!/^[\w.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(name, 'up to 64 letters, digits or . _ : -', raw);
  }
  return raw;
}

/** A bearer token a router sends: 16 or more visible characters, never printed back. */
function serviceToken(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  if (!/^[\x21-\x7e]{16,}$/.test(raw)) {
    throw new ConfigError(name, 'at least 16 visible ASCII characters without spaces', '<hidden>');
  }
  return raw;
}

/** A JWT claim name: letters, digits, _ . : - (e.g. user_id, sub). */
function claimName(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  if (!/^[\w.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(name, 'a claim name of up to 64 letters, digits or _ . : -', raw);
  }
  return raw;
}

/** A comma-separated list of exact origins: scheme, host and port, no path, no slash. */
function origins(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === null) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const parsed = new URL(entry);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') origin = parsed.origin;
    } catch {
      origin = null;
    }
    if (origin !== entry) {
      throw new ConfigError(
        name,
        'comma-separated origins like https://apps.example.org (scheme, host, port; no path)',
        entry,
      );
    }
  }
  return entries;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: true/false, a hop count, or a comma-separated list of addresses and CIDRs. */
function trustProxy(env: Env, name: string): TrustProxy {
  const raw = text(env, name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (PROXY_NAMES.has(entry)) return true;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  });
  if (!valid) {
    throw new ConfigError(
      name,
      'true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas',
      raw,
    );
  }
  return entries;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses and validates every environment variable once; throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const secret = text(env, 'AUTH_JWT_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'at least 32 characters', '<hidden>');
  }
  const home = path.resolve(text(env, 'LAUREL_HOME') ?? '.laurel');
  const lmsUrl = url(env, 'OPENEDX_LMS_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null;
  const issuer = text(env, 'AUTH_ISSUER');
  const audience = text(env, 'AUTH_AUDIENCE');
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
  // Rendering is the CPU-bound part of issuing: a thread per core (at most 4), one core left
  // to the API's event loop when the same process serves it. The jobs' other work is mostly
  // waiting (database, storage): WORKER_CONCURRENCY jobs overlap it.
  const cores = os.availableParallelism();
  const renderThreads = integer(
    env,
    'RENDER_THREADS',
    Math.max(1, Math.min(4, role === 'all' ? cores - 1 : cores)),
    0,
    64,
  );
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
    limits: {
      maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 15, 2, 1000),
      maxQueryCost: integer(env, 'MAX_QUERY_COST', 20_000, 10, 100_000_000),
      maxAliases: integer(env, 'MAX_ALIASES', 100, 0, 100_000),
      maxBatchOperations: integer(env, 'MAX_BATCH_OPERATIONS', 10, 1, 1000),
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      expensiveQueryCost: integer(env, 'EXPENSIVE_QUERY_COST', 1000, 1, 100_000_000),
    },
    queryRateLimitPerMinute: integer(env, 'QUERY_RATE_LIMIT', 120, 0, 1_000_000),
    mutationRateLimitPerMinute: integer(env, 'MUTATION_RATE_LIMIT', 600, 0, 1_000_000),
    previewRateLimitPerMinute: integer(env, 'PREVIEW_RATE_LIMIT', 30, 0, 1_000_000),
    database: {
      statementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 0, 86_400_000),
      connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
      acquireTimeoutMs: integer(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    http: httpTimeouts(env),
    admission: admissionConfig(env),
    metricsToken: text(env, 'METRICS_TOKEN'),
    federationServiceToken: serviceToken(env, 'FEDERATION_SERVICE_TOKEN'),
    auth: {
      jwtSecret: secret,
      jwksUrl:
        url(env, 'AUTH_JWKS_URL', ['http:', 'https:']) ??
        (lmsUrl === null ? null : `${lmsUrl}/auth/jwks.json`),
      issuer,
      audience,
      jwksIssuer:
        text(env, 'AUTH_JWKS_ISSUER') ?? issuer ?? (lmsUrl === null ? null : `${lmsUrl}/oauth2`),
      jwksAudience: text(env, 'AUTH_JWKS_AUDIENCE') ?? audience,
      leewaySeconds: integer(env, 'AUTH_LEEWAY_SECONDS', 60, 0, 3600),
      learnerIdClaim: claimName(env, 'AUTH_LEARNER_ID_CLAIM'),
    },
    storage: storageConfig(env, home),
    redis: {
      url: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
      channelPrefix: channelPrefix(env, 'REDIS_CHANNEL_PREFIX', 'laurel:'),
    },
    subscriptions: {
      maxPerConnection: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
      maxConnectionsPerPrincipal: integer(
        env,
        'WS_MAX_CONNECTIONS_PER_PRINCIPAL',
        // Its former name, from when only learners were counted.
        integer(env, 'WS_MAX_CONNECTIONS_PER_LEARNER', 10, 1, 10_000),
        1,
        10_000,
      ),
      maxConnections: integer(env, 'WS_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
      keepAliveSeconds: integer(env, 'WS_KEEPALIVE_SECONDS', 12, 0, 3600),
      maxQueuedEvents: integer(env, 'WS_MAX_QUEUED_EVENTS', 1000, 1, 1_000_000),
    },
    signingKeyPem: signingKey(env),
    openedx: openedxConfig(env),
    notifications: notificationsConfig(env),
    jobs: {
      retryLimit: integer(env, 'JOB_RETRY_LIMIT', 5, 0, 100),
      retryDelaySeconds: integer(env, 'JOB_RETRY_DELAY_SECONDS', 10, 1, 86_400),
      expireSeconds: integer(env, 'JOB_EXPIRE_SECONDS', 300, 5, 86_400),
      concurrency: integer(env, 'WORKER_CONCURRENCY', 8, 1, 64),
      renderThreads,
      renderNice: integer(env, 'RENDER_NICE', 10, 0, 19),
      reconcileCron: cron(env, 'RECONCILE_CRON', '*/10 * * * *'),
      lifecycleCron: cron(env, 'LIFECYCLE_CRON', '* * * * *'),
    },
  };
}
