import {
  migrate,
  migrationsApplied,
  migratorOf,
  openOrm,
  shippedMigrationNames,
} from '../../src/db/orm';
import { migrationsList } from '../../migrations';
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
});
