import { Migration } from '@mikro-orm/migrations';

const COLUMNS = ['id', 'name', 'username', 'email'] as const;

/**
 * Trigram indexes for learner search (substring matches on id, name, username and email).
 * pg_trgm ships with PostgreSQL (contrib) and is a trusted extension, so the database owner
 * may create it; where it is missing, search still works by scanning the table.
 */
export class Migration20261202050000_learner_search extends Migration {
  override async up(): Promise<void> {
    const indexes = COLUMNS.map(
      (column) =>
        `create index "learner_search_${column}" on "learner" using gin ("${column}" gin_trgm_ops);`,
    ).join('\n    ');
    this.addSql(`do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
    create extension if not exists pg_trgm;
    ${indexes}
  else
    raise notice 'pg_trgm is not available: learner search will scan the learner table';
  end if;
end $$;`);
  }

  override async down(): Promise<void> {
    for (const column of COLUMNS) {
      this.addSql(`drop index if exists "learner_search_${column}";`);
    }
  }
}
