import type { EntityManager } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from '../../shared/pagination';
import { textFields } from './bus-message';
import { ConnectorFailure } from './connector-failure.entity';
import type { Prepared } from './prepare';

/** A message parked again (read twice, or replayed without success) counts one more attempt. */
const PARK_SQL = `
insert into connector_failure as f (id, stream, entry_id, message_id, event_type, reason,
  event_data, fields, first_seen_at, last_seen_at, attempts)
select gen_random_uuid(), r.stream, r.entry_id, r.message_id, r.event_type, r.reason,
  decode(r.event_data, 'base64'), r.fields, now(), now(), 1
from json_to_recordset(?::json) as r(stream text, entry_id text, message_id text,
  event_type text, reason text, event_data text, fields jsonb)
on conflict (stream, entry_id) do update
  set reason = excluded.reason, last_seen_at = now(), attempts = f.attempts + 1,
      resolved_at = null, updated_at = now()`;

export interface Parked {
  prepared: Prepared;
  reason: string;
}

export async function parkMessages(em: EntityManager, parked: readonly Parked[]): Promise<void> {
  if (parked.length === 0) return;
  const rows = parked.map(({ prepared: { entry, envelope }, reason }) => ({
    stream: entry.stream,
    entry_id: entry.entryId,
    message_id: envelope?.id ?? null,
    event_type: envelope?.type ?? null,
    reason,
    event_data: entry.fields.get('event_data')?.toString('base64') ?? null,
    fields: textFields(entry),
  }));
  // Two reads of one entry in a batch (a claim racing a read) would update one row twice.
  const unique = [...new Map(rows.map((row) => [`${row.stream} ${row.entry_id}`, row])).values()];
  await em.execute(PARK_SQL, [JSON.stringify(unique)]);
}

/** Dead letters in a stable order (their id); unresolved only unless asked. */
export async function listFailures(
  em: EntityManager,
  request: PageRequest,
  unresolvedOnly: boolean,
): Promise<Page<ConnectorFailure>> {
  const where = unresolvedOnly ? { resolvedAt: null } : {};
  const after = request.afterId ? { id: { $gt: request.afterId } } : {};
  const [rows, totalCount] = await Promise.all([
    em.find(
      ConnectorFailure,
      { ...where, ...after },
      { orderBy: { id: 'asc' }, limit: request.first + 1 },
    ),
    em.count(ConnectorFailure, where),
  ]);
  return {
    items: rows.slice(0, request.first),
    hasNextPage: rows.length > request.first,
    totalCount,
  };
}
