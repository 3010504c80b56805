import path from 'node:path';

export type Role = 'all' | 'api' | 'worker';

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
  auth: {
    jwtSecret: string | null;
    jwksUrl: string | null;
    issuer: string | null;
    audience: string | null;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string,
  ) {
    super(`Invalid ${variable}: expected ${expected}, got "${got}"`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `one of ${values.join(', ')}`, raw);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `a URL (${protocols.join(', ')})`, raw);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `a URL (${protocols.join(', ')})`, raw);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses and validates every environment variable once; throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const secret = text(env, 'AUTH_JWT_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'at least 32 characters', '<hidden>');
  }
  return {
    port,
    host: text(env, 'HOST') ?? '0.0.0.0',
    home: path.resolve(text(env, 'LAUREL_HOME') ?? '.laurel'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 500),
    role: oneOf(env, 'LAUREL_ROLE', ['all', 'api', 'worker'] as const, 'all'),
    publicUrl: (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
      /\/+$/,
      '',
    ),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    auth: {
      jwtSecret: secret,
      jwksUrl: url(env, 'AUTH_JWKS_URL', ['http:', 'https:']),
      issuer: text(env, 'AUTH_ISSUER'),
      audience: text(env, 'AUTH_AUDIENCE'),
    },
  };
}
