import { Migration } from '@mikro-orm/migrations';

const COLUMNS = ['id', 'name', 'username', 'email'] as const;

/**
 * Trigram indexes for learner search (substring matches on id, name, username and email).
 * pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may
 * create it. Where it is missing, or the role may not create it, the migration says so and
 * goes on; search then scans the learner table (docs/operations.md tells how to add them).
 */
export const LEARNER_SEARCH_SQL = `do $$
begin
  begin
    create extension if not exists pg_trgm;
  exception when insufficient_privilege or undefined_file then
    raise notice 'pg_trgm could not be created (%): learner search will scan the learner table', sqlerrm;
    return;
  end;
  ${COLUMNS.map(
    (column) =>
      `create index if not exists "learner_search_${column}" on "learner" using gin ("${column}" gin_trgm_ops);`,
  ).join('\n  ')}
end $$;`;

export class Migration20261202050000_learner_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(LEARNER_SEARCH_SQL);
  }

  override async down(): Promise<void> {
    for (const column of COLUMNS) {
      this.addSql(`drop index if exists "learner_search_${column}";`);
    }
  }
}
