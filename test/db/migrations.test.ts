import {
  migrate,
  migrationsApplied,
  migratorOf,
  openOrm,
  shippedMigrationNames,
} from '../../src/db/orm';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrationsList } from '../../migrations';
import { LEARNER_SEARCH_SQL } from '../../migrations/Migration20261202050000_learner_search';
import { createScratchDatabase } from '../../src/db/scratch-database';
import { createTestDatabase } from '../support/database';

describe('migrations', () => {
  it('are listed in migrations/index.ts exactly as their files are named', () => {
    expect(migrationsList.map((migration) => migration.name).sort()).toEqual(
      shippedMigrationNames(),
    );
  });

  it('are known applied from one query, and known pending once one is missing', async () => {
    const database = await createTestDatabase();
    const orm = await openOrm({ url: database.url });
    try {
      expect(await migrationsApplied(orm)).toBe(true);
      const reverted = (await (await migratorOf(orm)).down()).map((migration) => migration.name);
      expect(reverted).toHaveLength(1);
      expect(await migrationsApplied(orm)).toBe(false);
      expect(await migrate(orm)).toEqual(reverted);
      expect(await migrationsApplied(orm)).toBe(true);
    } finally {
      await orm.close();
      await database.drop();
    }
  });

  it('match the entities exactly: a freshly migrated database needs no new migration', async () => {
    const database = await createTestDatabase();
    const orm = await openOrm({ url: database.url });
    try {
      await migrate(orm);
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close();
      await database.drop();
    }
  });

  it('can be rolled back to nothing and applied again', async () => {
    const database = await createTestDatabase();
    const orm = await openOrm({ url: database.url });
    try {
      const migrator = await migratorOf(orm);
      await migrator.down({ to: 0 });
      expect(await migrator.getExecutedMigrations()).toEqual([]);
      await migrator.up();
      expect((await migrator.getPendingMigrations()).length).toBe(0);
    } finally {
      await orm.close();
      await database.drop();
    }
  });

  it('go on without the learner search indexes where the role may not create pg_trgm', async () => {
    const scratch = await createScratchDatabase(process.env.LAUREL_TEST_SERVER_URL!, 'laurel_trgm');
    const role = `laurel_plain_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    const state = async () => {
      const [extension, indexes] = await Promise.all([
        client.query(`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`),
        client.query(
          `select count(*)::int as n from pg_indexes where indexname like 'learner_search_%'`,
        ),
      ]);
      return { extension: extension.rows[0].n as number, indexes: indexes.rows[0].n as number };
    };
    try {
      await client.query(
        'create table learner (id text primary key, name text, username text, email text)',
      );
      await client.query(`create role "${role}" nologin`);
      await client.query(`alter table learner owner to "${role}"`);
      // A role that owns its tables but may not create extensions in the database.
      await client.query(`set role "${role}"`);
      await client.query(LEARNER_SEARCH_SQL);
      await client.query('reset role');
      expect(notices.join('\n')).toMatch(/pg_trgm could not be created .*scan the learner table/);
      expect(await state()).toEqual({ extension: 0, indexes: 0 });
      // With the right to (a database owner, here the server's superuser), the same statement
      // creates the extension and the four indexes, and running it again changes nothing.
      await client.query(LEARNER_SEARCH_SQL);
      await client.query(LEARNER_SEARCH_SQL);
      expect(await state()).toEqual({ extension: 1, indexes: 4 });
    } finally {
      await client.end();
      await scratch.drop();
      const admin = new Client({ connectionString: process.env.LAUREL_TEST_SERVER_URL! });
      await admin.connect();
      await admin.query(`drop role if exists "${role}"`).finally(() => admin.end());
    }
  });
});
