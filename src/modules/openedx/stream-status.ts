import type Redis from 'ioredis';

export interface GroupInfo {
  stream: string;
  exists: boolean;
  /** Entries not yet delivered to the group; null when Redis cannot tell. */
  lag: number | null;
  /** Delivered to a consumer of the group, not yet acknowledged. */
  pending: number;
  consumers: number;
}

/** XINFO replies are flat [name, value, name, value, …] lists. */
function pairs(flat: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), flat[i + 1]);
  return map;
}

const count = (value: unknown): number | null =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && value !== ''
      ? Number(value)
      : null;

/** Undelivered entries after `lastDelivered`, counted up to a bound (Redis before 7). */
async function countAfter(redis: Redis, stream: string, lastDelivered: string): Promise<number> {
  const entries = await redis.xrange(stream, `(${lastDelivered}`, '+', 'COUNT', 100_000);
  return entries.length;
}

/**
 * The group's position on one stream: XINFO GROUPS gives `lag` on Redis 7 (null when it
 * cannot be known, e.g. after a deletion); otherwise it is counted with XRANGE.
 */
export async function groupInfo(redis: Redis, stream: string, group: string): Promise<GroupInfo> {
  let groups: unknown[][];
  try {
    groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) {
      return { stream, exists: false, lag: null, pending: 0, consumers: 0 };
    }
    throw error;
  }
  const info = groups.map(pairs).find((g) => String(g.get('name')) === group);
  if (!info) return { stream, exists: true, lag: null, pending: 0, consumers: 0 };
  let lag = info.has('lag') ? count(info.get('lag')) : null;
  if (lag === null) lag = await countAfter(redis, stream, String(info.get('last-delivered-id')));
  return {
    stream,
    exists: true,
    lag,
    pending: count(info.get('pending')) ?? 0,
    consumers: count(info.get('consumers')) ?? 0,
  };
}
