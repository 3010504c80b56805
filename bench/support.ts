/** Helpers every benchmark may use: one GraphQL request, a process's memory and CPU time. */
import fs from 'node:fs/promises';

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
