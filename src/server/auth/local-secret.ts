import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config';

/**
 * The HS256 secret of a zero-configuration install: generated on first start under
 * LAUREL_HOME so that `npm run token` and the server agree on it.
 */
async function loadOrCreateLocalSecret(home: string): Promise<string> {
  const file = path.join(home, 'auth-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    await fs.mkdir(home, { recursive: true, mode: 0o755 });
    const secret = randomBytes(48).toString('base64url');
    try {
      await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process created it first: use theirs.
      return (await fs.readFile(file, 'utf8')).trim();
    }
  }
}

/** The HS256 secret: configured, or (without a JWKS URL) the local one under LAUREL_HOME. */
export async function resolveJwtSecret(config: Config): Promise<string | null> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  return config.auth.jwksUrl ? null : loadOrCreateLocalSecret(config.home);
}
