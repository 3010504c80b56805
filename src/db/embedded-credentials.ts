import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The passwords of the embedded PostgreSQL, kept 0600 under LAUREL_HOME: the superuser's
 * (only for setting the cluster up) and that of Laurel's own role (every connection).
 */
export interface EmbeddedCredentials {
  superuserPassword: string;
  role: string;
  rolePassword: string;
  /** Whether the cluster has these passwords and the role (false until the set-up finished). */
  secured: boolean;
}

export const CREDENTIALS_FILE = 'postgres.credentials.json';

/** The superuser password of every embedded cluster before passwords were generated. */
export const LEGACY_SUPERUSER_PASSWORD = 'laurel-local';

const password = () => randomBytes(24).toString('base64url');

/** Writes `content` readable by this OS user only, replacing `file` in one step. */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, content, { mode: 0o600 });
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, file);
}

export async function saveCredentials(home: string, credentials: EmbeddedCredentials) {
  await writePrivateFile(path.join(home, CREDENTIALS_FILE), JSON.stringify(credentials, null, 2));
}

/** The stored credentials, or new random ones (saved, not yet secured) on a first start. */
export async function loadOrCreateCredentials(home: string): Promise<EmbeddedCredentials> {
  const file = path.join(home, CREDENTIALS_FILE);
  const stored = await fs.readFile(file, 'utf8').catch(() => null);
  if (stored !== null) {
    await fs.chmod(file, 0o600);
    return JSON.parse(stored) as EmbeddedCredentials;
  }
  const created: EmbeddedCredentials = {
    superuserPassword: password(),
    role: 'laurel',
    rolePassword: password(),
    secured: false,
  };
  await saveCredentials(home, created);
  return created;
}
