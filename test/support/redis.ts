import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from './process';

/** The machine's Redis (CI runs one there too). */
export const SHARED_REDIS_URL = process.env.LAUREL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A channel prefix of one test's own, so that parallel runs never see each other's events. */
export const uniquePrefix = (name: string) =>
  `laurel-test:${name}:${randomBytes(6).toString('hex')}:`;

export interface OwnRedis {
  url: string;
  /** Kills the server (SIGKILL): an outage, as clients see it. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Starts it unless it runs. */
  ensureRunning(): Promise<void>;
}

/** A Redis server of the test's own, without persistence, that the test may kill. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start:\n${output}`)),
        10_000,
      );
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    ensureRunning: async () => {
      if (child === null || child.exitCode !== null || child.signalCode !== null) await start();
    },
    kill: async () => {
      const server = child;
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    },
  };
}
