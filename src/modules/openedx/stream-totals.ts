import type { EntityManager } from '@mikro-orm/postgresql';

const TOTALS_SQL = `
insert into connector_stream as s (stream, consumer_group, processed, parked, last_event_at, updated_at)
select r.stream, ?, r.processed, r.parked, r.last_event_at, now()
from json_to_recordset(?::json) as r(stream text, processed bigint, parked bigint, last_event_at timestamptz)
on conflict (stream, consumer_group) do update
  set processed = s.processed + excluded.processed, parked = s.parked + excluded.parked,
      last_event_at = greatest(s.last_event_at, excluded.last_event_at), updated_at = now()`;

export async function recordStreamTotals(
  em: EntityManager,
  group: string,
  totals: ReadonlyMap<string, { processed: number; parked: number; lastEventAt: Date | null }>,
): Promise<void> {
  if (totals.size === 0) return;
  const rows = [...totals].map(([stream, t]) => ({
    stream,
    processed: t.processed,
    parked: t.parked,
    last_event_at: t.lastEventAt?.toISOString() ?? null,
  }));
  await em.execute(TOTALS_SQL, [group, JSON.stringify(rows)]);
}

/** Forgets handled ids older than the retention, a bounded number at a time. */
const PRUNE_SQL = `
delete from connector_message where id in (
  select id from connector_message where handled_at < now() - make_interval(hours => ?)
  limit 50000)`;

export async function pruneHandledMessages(em: EntityManager, hours: number): Promise<void> {
  await em.execute(PRUNE_SQL, [hours]);
}
