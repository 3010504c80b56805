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

/**
 * One round trip inside the lock: the first drawn index that is free becomes the
 * credential's, and the list counts it. `list_index` null: every drawn index was taken
 * (`drawn_free` 0), or a concurrent allocation gave the credential its entry first.
 */
const TAKE_SQL = `
with candidate as (
  select c.value::int as list_index
  from json_array_elements_text(?::json) with ordinality as c(value, n)
  where not exists (
    select 1 from status_list_entry e where e.list_id = ? and e.list_index = c.value::int)
  order by c.n
  limit 1
), inserted as (
  insert into status_list_entry (credential_id, list_id, list_index)
  select ?, ?, list_index from candidate
  on conflict (credential_id) do nothing
  returning list_index
), counted as (
  -- (A data-modifying WITH runs whether or not the query reads it.)
  update status_list set allocated = allocated + 1, updated_at = now()
  where id = ? and exists (select 1 from inserted)
)
select (select list_index from inserted) as list_index,
  (select count(*) from candidate)::int as drawn_free`;

/** Only when random draws keep hitting taken indexes (a nearly full list). */
const ANY_FREE_SQL = `
select i as list_index from generate_series(0, ? - 1) as i
where not exists (select 1 from status_list_entry e where e.list_id = ? and e.list_index = i)
order by random()
limit 1`;

const DRAWS = 32;
const ROUNDS = 4;

interface ListRow {
  id: string;
  size: number;
}

interface TakeRow {
  list_index: number | null;
  drawn_free: number;
}

/**
 * Gives the credential a free index of the list: random draws first, then (a nearly full
 * list) any free one. Null when a concurrent allocation gave it an entry first.
 */
async function take(em: EntityManager, list: ListRow, credentialId: string) {
  const attempt = async (candidates: number[]): Promise<TakeRow> => {
    const [row] = await em.execute<TakeRow[]>(TAKE_SQL, [
      JSON.stringify(candidates),
      list.id,
      credentialId,
      list.id,
      list.id,
    ]);
    return row!;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const row = await attempt(Array.from({ length: DRAWS }, () => randomInt(list.size)));
    if (row.list_index !== null) return row.list_index;
    if (row.drawn_free > 0) return null;
  }
  const [free] = await em.execute<{ list_index: number }[]>(ANY_FREE_SQL, [list.size, list.id]);
  if (!free) throw new Error(`Status list ${list.id} has no free index left`);
  const row = await attempt([free.list_index]);
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
 * when there is one (a revocation's), else in its own (the issuance pipeline's).
 */
export async function allocateStatusEntry(
  em: EntityManager,
  credentialId: string,
  size: number = STATUS_LIST_SIZE,
  options: { asynchronousCommit?: boolean } = {},
): Promise<StatusPosition> {
  const existing = await findStatusEntry(em, credentialId);
  if (existing) return existing;
  return em.transactional(async (tx) => {
    // Allocations take turns until they commit: without waiting for the disk, a turn takes
    // well under a millisecond. Only for a transaction of its own (issuance), where a
    // crash can lose nothing but the place itself, which is then given again lazily.
    if (options.asynchronousCommit) await tx.execute('set local synchronous_commit to off');
    const locked = await tx.execute<{ id: string }[]>(LOCK_CREDENTIAL_SQL, [credentialId]);
    if (locked.length === 0) throw new Error(`Credential ${credentialId} does not exist`);
    await tx.execute(ALLOCATION_LOCK_SQL, [STATUS_PURPOSE]);
    const list = await openList(tx, size);
    const index = await take(tx, list, credentialId);
    // Null: a concurrent allocation for the same credential won; the index stays free.
    if (index === null) return (await findStatusEntry(tx, credentialId))!;
    return { listId: list.id, index };
  });
}
