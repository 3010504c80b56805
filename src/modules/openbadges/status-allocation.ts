/**
 * Status list indexes for credentials: at random among the free ones of the oldest list
 * that has room (so a credential's index tells nothing of when it was issued, nor who
 * its neighbours are), a new list once every list is full.
 *
 * Concurrency: allocations take turns on one transaction-scoped advisory lock, after
 * their credential row (key share) and before a list row (updating its count): the order
 * revocation takes them in too, so none waits for another in a circle. Row locks alone
 * were not enough: `for update` keeps the lock of a row it skips once it filled up, and a
 * waiter holding one then waited for the creator of the next list. The unique
 * (list, index) constraint stands behind the lock.
 */
import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { emptyBits, STATUS_LIST_SIZE, STATUS_PURPOSE, type StatusPosition } from './status-list';

const ENTRY_SQL = `
select list_id, list_index from status_list_entry where credential_id = ?`;

const LOCK_CREDENTIAL_SQL = `select id from credential where id = ? for key share`;

const ALLOCATION_LOCK_SQL = `select pg_advisory_xact_lock(hashtext('laurel:status_list:' || ?))`;

const OPEN_LIST_SQL = `
select id, size from status_list
where purpose = ? and allocated < size
order by created_at, id
limit 1`;

const NEW_LIST_SQL = `
insert into status_list (purpose, size, bits) values (?, ?, ?)
returning id, size`;

const TAKEN_SQL = `
select list_index from status_list_entry
where list_id = ? and list_index in (select value::int from json_array_elements_text(?::json))`;

/** Only when random draws keep hitting taken indexes (a nearly full list). */
const ANY_FREE_SQL = `
select i as list_index from generate_series(0, ? - 1) as i
where not exists (select 1 from status_list_entry e where e.list_id = ? and e.list_index = i)
order by random()
limit 1`;

const INSERT_ENTRY_SQL = `
insert into status_list_entry (credential_id, list_id, list_index) values (?, ?, ?)
on conflict (credential_id) do nothing
returning list_id`;

const COUNT_SQL = `
update status_list set allocated = allocated + 1, updated_at = now() where id = ?`;

const DRAWS = 32;
const ROUNDS = 4;

interface ListRow {
  id: string;
  size: number;
}

async function freeIndex(em: EntityManager, list: ListRow): Promise<number> {
  for (let round = 0; round < ROUNDS; round++) {
    const candidates = Array.from({ length: DRAWS }, () => randomInt(list.size));
    const taken = await em.execute<{ list_index: number }[]>(TAKEN_SQL, [
      list.id,
      JSON.stringify(candidates),
    ]);
    const takenSet = new Set(taken.map((row) => row.list_index));
    const free = candidates.find((candidate) => !takenSet.has(candidate));
    if (free !== undefined) return free;
  }
  const [row] = await em.execute<{ list_index: number }[]>(ANY_FREE_SQL, [list.size, list.id]);
  if (!row) throw new Error(`Status list ${list.id} has no free index left`);
  return row.list_index;
}

/** The oldest list with room, or a new one; the caller holds the allocation lock. */
async function openList(em: EntityManager, size: number): Promise<ListRow> {
  const [open] = await em.execute<ListRow[]>(OPEN_LIST_SQL, [STATUS_PURPOSE]);
  if (open) return open;
  const [list] = await em.execute<ListRow[]>(NEW_LIST_SQL, [STATUS_PURPOSE, size, emptyBits(size)]);
  return list!;
}

function position(row: { list_id: string; list_index: number }): StatusPosition {
  return { listId: row.list_id, index: row.list_index };
}

/** The credential's existing entry, if it has one. */
export async function findStatusEntry(
  em: EntityManager,
  credentialId: string,
): Promise<StatusPosition | null> {
  const [row] = await em.execute<{ list_id: string; list_index: number }[]>(ENTRY_SQL, [
    credentialId,
  ]);
  return row ? position(row) : null;
}

/**
 * The credential's entry, allocated now if it has none. Runs in the caller's transaction
 * when there is one (the issuance pipeline's), else in its own.
 */
export async function allocateStatusEntry(
  em: EntityManager,
  credentialId: string,
  size: number = STATUS_LIST_SIZE,
): Promise<StatusPosition> {
  const existing = await findStatusEntry(em, credentialId);
  if (existing) return existing;
  return em.transactional(async (tx) => {
    const locked = await tx.execute<{ id: string }[]>(LOCK_CREDENTIAL_SQL, [credentialId]);
    if (locked.length === 0) throw new Error(`Credential ${credentialId} does not exist`);
    await tx.execute(ALLOCATION_LOCK_SQL, [STATUS_PURPOSE]);
    const list = await openList(tx, size);
    const index = await freeIndex(tx, list);
    const inserted = await tx.execute<{ list_id: string }[]>(INSERT_ENTRY_SQL, [
      credentialId,
      list.id,
      index,
    ]);
    if (inserted.length === 0) {
      // A concurrent allocation for the same credential won; the index stays free.
      return (await findStatusEntry(tx, credentialId))!;
    }
    await tx.execute(COUNT_SQL, [list.id]);
    return { listId: list.id, index };
  });
}
