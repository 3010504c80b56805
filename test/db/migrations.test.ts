import { migrate, openOrm } from '../../src/db/orm';
import { createTestDatabase } from '../support/database';

describe('migrations', () => {
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
      const migrator = orm.getMigrator();
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
