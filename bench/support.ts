/**
 * Helpers every benchmark may use: one GraphQL request, a process's memory and CPU time,
 * child processes started from dist/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

/** One GraphQL request; throws on errors. */
export async function gql(
  url: string,
  token: string,
  query: string,
  variables: object,
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Resident memory of a process, in bytes. */
export async function rss(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

/** CPU time (user + system) a process has used, in ms; /proc counts in 10 ms ticks. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Bytes as MiB. */
export const mib = (bytes: number): number => bytes / (1024 * 1024);

/**
 * Starts `node <script>` (a path under dist/) and resolves once its output holds `ready`;
 * error and fatal log lines are passed on to stderr under `name`.
 */
export function spawnReady(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: string,
): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir>: each server writes a CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      if (!started) {
        output += text;
        if (output.includes(ready)) {
          started = true;
          output = '';
          resolve(child);
        }
      }
      if (/"level":(50|60)/.test(text)) process.stderr.write(`[${name}] ${text}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)));
  });
}

/** A Laurel process of the given role, from dist/. */
export function spawnLaurel(
  role: 'api' | 'worker',
  env: Record<string, string>,
): Promise<ChildProcess> {
  return spawnReady(
    role,
    path.join(__dirname, '../src/main.js'),
    { ...env, LAUREL_ROLE: role },
    'Laurel is ready',
  );
}

/** SIGTERM to each child, then waits until it has exited. */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
