import { Client } from 'pg';

/** Tables the admin API writes. */
export const CATALOG_TABLES = [
  'course',
  'content_block',
  'graded_item',
  'learning_path',
  'learning_path_step',
  'learner',
  'credential_configuration',
] as const;

/**
 * Row count and a digest of every row of each table, read with plain `pg` (not the
 * ORM): two equal snapshots mean nothing was inserted, updated or deleted.
 */
export async function snapshotTables(
  databaseUrl: string,
  tables: readonly string[] = CATALOG_TABLES,
): Promise<Record<string, { rows: number; digest: string | null }>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const snapshot: Record<string, { rows: number; digest: string | null }> = {};
    for (const table of tables) {
      const { rows } = await client.query<{ rows: number; digest: string | null }>(
        `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as digest
           from ${table
             .split('.')
             .map((part) => `"${part}"`)
             .join('.')} t`,
      );
      snapshot[table] = rows[0];
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

/** Every table of Laurel's schema and of the job queue's, schema-qualified. */
export async function allTables(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'
        order by 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
