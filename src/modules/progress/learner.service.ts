import type { EntityManager } from '@mikro-orm/postgresql';
import { assertNoProblems, type FieldProblem } from '../../shared/errors';
import { OPAQUE_ID } from '../../shared/keys';
import { checkPattern, checkText } from '../../shared/validation';
import type { LearnerInput } from './learner.input';
import { Learner } from './learner.entity';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A learner as another system knows them; a missing name never replaces a stored one. */
export interface ImportedLearner {
  id: string;
  name: string | null;
  username: string | null;
  email: string | null;
}

/**
 * New learners without a name are stored under their username (or id), until a name comes;
 * a stored name, username or email is only ever replaced by a non-empty one.
 */
const IMPORT_SQL = `
with f as (
  select * from json_to_recordset(?::json) as f(id text, name text, username text, email text)
),
updated as (
  update learner l set
    name = coalesce(f.name, l.name),
    username = coalesce(f.username, l.username),
    email = coalesce(f.email, l.email),
    updated_at = now()
  from f
  where l.id = f.id
    and (f.name is distinct from l.name and f.name is not null
      or f.username is distinct from l.username and f.username is not null
      or f.email is distinct from l.email and f.email is not null)
  returning l.id
)
insert into learner (id, name, username, email)
select f.id, coalesce(f.name, f.username, f.id), f.username, f.email from f
where f.id not in (select id from updated)
on conflict (id) do nothing`;

export class LearnerService {
  constructor(private readonly em: EntityManager) {}

  async upsertLearner(input: LearnerInput): Promise<Learner> {
    const problems: FieldProblem[] = [];
    checkPattern(problems, 'id', input.id, OPAQUE_ID, 'a non-empty id without spaces');
    checkText(problems, 'name', input.name);
    if (input.username != null) checkText(problems, 'username', input.username, 150);
    if (input.email != null && (!EMAIL.test(input.email) || input.email.length > 254)) {
      problems.push({ field: 'email', message: 'must be an email address' });
    }
    assertNoProblems(problems);
    return this.em.transactional((em) =>
      em.upsert(Learner, {
        id: input.id,
        name: input.name.trim(),
        username: input.username ?? null,
        email: input.email ?? null,
        updatedAt: new Date(),
      }),
    );
  }

  /**
   * Learners from a platform's lists (an LMS backfill), in one statement: values that do not
   * fit (an empty name, a malformed email) are left out rather than refusing the list.
   */
  async importLearners(learners: readonly ImportedLearner[]): Promise<void> {
    const clean = (value: string | null, max: number) => {
      const trimmed = value?.trim();
      return trimmed && trimmed.length <= max ? trimmed : null;
    };
    const rows = learners
      .filter((learner) => OPAQUE_ID.test(learner.id))
      .map((learner) => {
        const email = clean(learner.email, 254);
        return {
          id: learner.id,
          name: clean(learner.name, 500),
          username: clean(learner.username, 150),
          email: email !== null && EMAIL.test(email) ? email : null,
        };
      });
    if (rows.length === 0) return;
    await this.em.execute(IMPORT_SQL, [JSON.stringify(rows)]);
  }
}
