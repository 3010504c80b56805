import type Redis from 'ioredis';
import { entryFields, type StreamEntry } from './bus-message';

/** XREADGROUP's reply (buffers): [[stream, [[id, [field, value, …] | null], …]], …] or null. */
type ReadReply = [Buffer, [Buffer, Buffer[] | null][]][] | null;

export interface ReadResult {
  entries: StreamEntry[];
  /** Entries still pending whose data was trimmed from the stream: only to acknowledge. */
  gone: { stream: string; entryId: string }[];
}

function toEntries(stream: string, raw: [Buffer, Buffer[] | null][], into: ReadResult): void {
  for (const [id, flat] of raw) {
    const entryId = id.toString();
    if (flat === null) into.gone.push({ stream, entryId });
    else into.entries.push({ stream, entryId, fields: entryFields(flat) });
  }
}

/**
 * XREADGROUP with binary values (event_data is Avro, not UTF-8). `ids` = '>' for entries
 * never delivered, '0' for this consumer's own pending ones.
 */
export async function readGroup(
  redis: Redis,
  options: {
    group: string;
    consumer: string;
    streams: readonly string[];
    count: number;
    blockMs: number | null;
    id: '>' | '0';
  },
): Promise<ReadResult> {
  const { group, consumer, streams, count, blockMs, id } = options;
  const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', count];
  if (blockMs !== null) args.push('BLOCK', blockMs);
  args.push('STREAMS', ...streams, ...streams.map(() => id));
  const reply = (await redis.callBuffer('XREADGROUP', ...args)) as ReadReply;
  const result: ReadResult = { entries: [], gone: [] };
  for (const [stream, raw] of reply ?? []) toEntries(stream.toString(), raw, result);
  return result;
}

/** One XAUTOCLAIM step: entries idle at least `minIdleMs` become this consumer's. */
export async function autoClaim(
  redis: Redis,
  options: {
    stream: string;
    group: string;
    consumer: string;
    minIdleMs: number;
    cursor: string;
    count: number;
  },
): Promise<ReadResult & { cursor: string }> {
  const { stream, group, consumer, minIdleMs, cursor, count } = options;
  const reply = (await redis.callBuffer(
    'XAUTOCLAIM',
    stream,
    group,
    consumer,
    minIdleMs,
    cursor,
    'COUNT',
    count,
  )) as [Buffer, [Buffer, Buffer[] | null][], Buffer[]?];
  const result: ReadResult = { entries: [], gone: [] };
  toEntries(stream, reply[1], result);
  // Redis 7 lists claimed ids whose entries were deleted separately.
  for (const id of reply[2] ?? []) result.gone.push({ stream, entryId: id.toString() });
  return { ...result, cursor: reply[0].toString() };
}

/** XGROUP CREATE … MKSTREAM; an existing group is left as it is. */
export async function createGroup(
  redis: Redis,
  stream: string,
  group: string,
  startFrom: 'oldest' | 'latest',
): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, startFrom === 'oldest' ? '0' : '$', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
  }
}

/** Acknowledges entries, grouped per stream, in one round trip. */
export async function acknowledge(
  redis: Redis,
  group: string,
  entries: readonly { stream: string; entryId: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const byStream = new Map<string, string[]>();
  for (const { stream, entryId } of entries) {
    const ids = byStream.get(stream) ?? [];
    ids.push(entryId);
    byStream.set(stream, ids);
  }
  const pipeline = redis.pipeline();
  for (const [stream, ids] of byStream) pipeline.xack(stream, group, ...ids);
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error !== null);
  if (failed) throw failed[0];
}

export const isNoGroup = (error: unknown): boolean =>
  error instanceof Error && error.message.startsWith('NOGROUP');
