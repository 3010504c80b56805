import type { EntityManager } from '@mikro-orm/postgresql';
import type { LearnerFact } from './facts';

/** New learners; those already known are left alone here. */
const INSERT_SQL = `
insert into learner (id, name, username, email)
select r.id, r.name, r.username, r.email
from json_to_recordset(?::json) as r(id text, name text, username text, email text)
order by r.id
on conflict (id) do nothing`;

/** Known learners get the PII an event carries; an empty name never replaces a stored one. */
const UPDATE_SQL = `
update learner as l
set name = case when r.name <> '' then r.name else l.name end,
    username = coalesce(r.username, l.username),
    email = coalesce(r.email, l.email),
    updated_at = now()
from json_to_recordset(?::json) as r(id text, name text, username text, email text)
where l.id = r.id
  and ((r.name <> '' and r.name <> l.name)
    or (r.username is not null and r.username is distinct from l.username)
    or (r.email is not null and r.email is distinct from l.email))`;

/**
 * Makes every learner a batch names exist, with the newest PII of each (events arrive in
 * order per stream). A learner first seen without a name is named by their username until
 * an enrollment event tells the profile name.
 */
export async function upsertLearners(
  em: EntityManager,
  learners: readonly LearnerFact[],
): Promise<void> {
  if (learners.length === 0) return;
  const latest = new Map<string, LearnerFact>();
  for (const learner of learners) {
    const kept = latest.get(learner.id);
    latest.set(learner.id, {
      id: learner.id,
      name: learner.name || kept?.name || null,
      username: learner.username ?? kept?.username ?? null,
      email: learner.email ?? kept?.email ?? null,
    });
  }
  const rows = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  await em.execute(INSERT_SQL, [
    JSON.stringify(
      rows.map((l) => ({
        id: l.id,
        name: l.name || l.username || '',
        username: l.username,
        email: l.email,
      })),
    ),
  ]);
  const withPii = rows.filter((l) => l.name || l.username || l.email);
  if (withPii.length === 0) return;
  await em.execute(UPDATE_SQL, [
    JSON.stringify(
      withPii.map((l) => ({ id: l.id, name: l.name ?? '', username: l.username, email: l.email })),
    ),
  ]);
}
