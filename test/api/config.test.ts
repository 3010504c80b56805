import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 'a-secret-that-is-at-least-32-characters-long';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig refuses bad values, naming the variable', () => {
  const cases: [string, string][] = [
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', '1e3'],
    ['LAUREL_ROLE', 'x'],
    ['LAUREL_ROLE', 'API'],
    ['DATABASE_URL', 'mysql://laurel@db/laurel'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'localhost:5432/laurel'],
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', 'ten'],
    ['AUTH_JWT_SECRET', 'short'],
    ['AUTH_JWKS_URL', 'file:///etc/jwks.json'],
    ['AUTH_JWKS_URL', 'lms.example.org/oauth2/jwks.json'],
    ['PUBLIC_URL', 'ftp://certs.example.org'],
    ['PUBLIC_URL', 'certs.example.org'],
    ['LOG_LEVEL', 'verbose'],
    ['MAX_PAGE_SIZE', '0'],
    ['MAX_PAGE_SIZE', '1001'],
    ['MAX_PAGE_SIZE', '-5'],
    ['MAX_QUERY_DEPTH', '1'],
    ['MAX_QUERY_COST', 'lots'],
    ['MAX_ALIASES', '-1'],
    ['MAX_BATCH_OPERATIONS', '0'],
    ['MAX_BODY_BYTES', '10'],
    ['MUTATION_RATE_LIMIT', '1.5'],
    ['QUERY_RATE_LIMIT', '-1'],
    ['EXPENSIVE_QUERY_COST', '0'],
    ['FEDERATION_SERVICE_TOKEN', 'short'],
    ['FEDERATION_SERVICE_TOKEN', 'has a space but long enough'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-100'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '0'],
    ['REDIS_URL', 'http://redis.internal:6379'],
    ['REDIS_URL', 'redis.internal:6379'],
    ['REDIS_CHANNEL_PREFIX', 'has space'],
    ['REDIS_CHANNEL_PREFIX', 'x'.repeat(65)],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', '0'],
    ['WS_MAX_CONNECTIONS_PER_LEARNER', 'many'],
    ['WS_MAX_CONNECTIONS_PER_PRINCIPAL', '0'],
    ['WS_MAX_CONNECTIONS', '0'],
    ['WS_MAX_CONNECTIONS', '1000001'],
    ['WS_KEEPALIVE_SECONDS', '-1'],
    ['WS_MAX_QUEUED_EVENTS', '0'],
  ];

  it.each(cases)('%s=%s', (variable, value) => {
    const error = refusal({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toMatch(/expected .+/);
  });

  it('does not print the secret it refuses', () => {
    const error = refusal({ AUTH_JWT_SECRET: 'too-short-secret' });
    expect(error.message).not.toContain('too-short-secret');
    const token = refusal({ FEDERATION_SERVICE_TOKEN: 'router token with spaces' });
    expect(token.message).not.toContain('router token');
  });

  it.each([
    'mysql://laurel:s3cr3t@db.internal/laurel',
    'mysql://laurel:p@ss@db.internal/laurel',
    'postgres://laurel:s3cr3t@ db.internal/laurel',
  ])('does not print the database password of %s', (value) => {
    const error = refusal({ DATABASE_URL: value });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toMatch(/s3cr3t|p@ss/);
    expect(error.message).toContain('laurel:***@');
  });
});

describe('loadConfig accepts', () => {
  it('no configuration at all, with the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      home: path.resolve('.laurel'),
      databaseUrl: null,
      databasePoolMax: 10,
      role: 'all',
      publicUrl: 'http://localhost:4000',
      logLevel: 'info',
      maxPageSize: 100,
      auth: { jwtSecret: null, jwksUrl: null, issuer: null, audience: null },
      redis: { url: null, channelPrefix: 'laurel:' },
      subscriptions: {
        maxPerConnection: 20,
        maxConnectionsPerPrincipal: 10,
        maxConnections: 10_000,
        keepAliveSeconds: 12,
        maxQueuedEvents: 1000,
      },
    });
  });

  it('the live update settings', () => {
    expect(
      loadConfig({
        REDIS_URL: 'rediss://:pw@redis.internal:6380/0',
        REDIS_CHANNEL_PREFIX: 'laurel-prod:',
        WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '5',
        WS_MAX_CONNECTIONS_PER_PRINCIPAL: '3',
        WS_MAX_CONNECTIONS: '200',
        WS_KEEPALIVE_SECONDS: '0',
        WS_MAX_QUEUED_EVENTS: '50',
      }),
    ).toMatchObject({
      redis: { url: 'rediss://:pw@redis.internal:6380/0', channelPrefix: 'laurel-prod:' },
      subscriptions: {
        maxPerConnection: 5,
        maxConnectionsPerPrincipal: 3,
        maxConnections: 200,
        keepAliveSeconds: 0,
        maxQueuedEvents: 50,
      },
    });
  });

  it('WS_MAX_CONNECTIONS_PER_LEARNER, the former name of WS_MAX_CONNECTIONS_PER_PRINCIPAL', () => {
    const limitOf = (env: Record<string, string>) =>
      loadConfig(env).subscriptions.maxConnectionsPerPrincipal;
    expect(limitOf({ WS_MAX_CONNECTIONS_PER_LEARNER: '4' })).toBe(4);
    expect(
      limitOf({ WS_MAX_CONNECTIONS_PER_LEARNER: '4', WS_MAX_CONNECTIONS_PER_PRINCIPAL: '6' }),
    ).toBe(6);
  });

  it('does not print the Redis password it refuses', () => {
    const error = refusal({ REDIS_URL: 'http://:s3cr3t@redis.internal' });
    expect(error.message).not.toContain('s3cr3t');
  });

  it('empty and blank values as unset', () => {
    expect(loadConfig({ PORT: '', LAUREL_ROLE: '  ', DATABASE_URL: '' })).toMatchObject({
      port: 4000,
      role: 'all',
      databaseUrl: null,
    });
  });

  it('every variable set to a good value', () => {
    expect(
      loadConfig({
        PORT: ' 8080 ',
        HOST: '127.0.0.1',
        LAUREL_HOME: '/var/lib/laurel',
        DATABASE_URL: 'postgresql://laurel:pw@db:5432/laurel',
        DATABASE_POOL_MAX: '20',
        LAUREL_ROLE: 'worker',
        PUBLIC_URL: 'https://certs.example.org/',
        LOG_LEVEL: 'debug',
        MAX_PAGE_SIZE: '1000',
        AUTH_JWT_SECRET: SECRET,
        AUTH_JWKS_URL: 'https://lms.example.org/oauth2/jwks.json',
        AUTH_ISSUER: 'https://lms.example.org/oauth2',
        AUTH_AUDIENCE: 'laurel',
      }),
    ).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      home: '/var/lib/laurel',
      databaseUrl: 'postgresql://laurel:pw@db:5432/laurel',
      databasePoolMax: 20,
      role: 'worker',
      publicUrl: 'https://certs.example.org',
      logLevel: 'debug',
      maxPageSize: 1000,
      auth: {
        jwtSecret: SECRET,
        jwksUrl: 'https://lms.example.org/oauth2/jwks.json',
        issuer: 'https://lms.example.org/oauth2',
        audience: 'laurel',
      },
    });
  });

  it.each([
    ['PORT', '0', { port: 0 }],
    ['PORT', '65535', { port: 65535 }],
    ['DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test', {}],
    ['LAUREL_ROLE', 'api', { role: 'api' }],
    ['MAX_PAGE_SIZE', '1', { maxPageSize: 1 }],
    ['LOG_LEVEL', 'silent', { logLevel: 'silent' }],
  ])('%s=%s', (variable, value, expected) => {
    expect(loadConfig({ [variable]: value })).toMatchObject(expected);
  });

  it('the documented defaults of the limits', () => {
    expect(loadConfig({})).toMatchObject({
      limits: {
        maxQueryDepth: 15,
        maxQueryCost: 20_000,
        maxAliases: 100,
        maxBatchOperations: 10,
        maxBodyBytes: 4 * 1024 * 1024,
        expensiveQueryCost: 1000,
      },
      queryRateLimitPerMinute: 120,
      mutationRateLimitPerMinute: 600,
      database: { statementTimeoutMs: 30_000, connectTimeoutMs: 5000 },
      metricsToken: null,
      federationServiceToken: null,
    });
    expect(
      loadConfig({
        EXPENSIVE_QUERY_COST: '250',
        QUERY_RATE_LIMIT: '0',
        FEDERATION_SERVICE_TOKEN: ' router-token-0123456789 ',
      }),
    ).toMatchObject({
      limits: { expensiveQueryCost: 250 },
      queryRateLimitPerMinute: 0,
      federationServiceToken: 'router-token-0123456789',
    });
    expect(
      loadConfig({ REDIS_URL: 'redis://cache:6379/2', MUTATION_RATE_LIMIT: '0' }),
    ).toMatchObject({
      redis: { url: 'redis://cache:6379/2', channelPrefix: 'laurel:' },
      mutationRateLimitPerMinute: 0,
    });
  });

  it('a public URL that defaults to the configured port', () => {
    expect(loadConfig({ PORT: '5000' }).publicUrl).toBe('http://localhost:5000');
  });
});
