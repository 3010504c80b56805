import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../src/db/scratch-database';
import { migrate, openOrm } from '../../src/db/orm';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { createLogger } from '../../src/shared/logger';

/**
 * Once per run: a PostgreSQL server (DATABASE_URL, or an embedded one when nothing is
 * configured) and a migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let home: string | null = null;
  if (!serverUrl) {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-test-pg-'));
    embedded = await startEmbeddedPostgres(home, createLogger('warn'));
    serverUrl = embedded.adminUrl;
  }
  const template = await createScratchDatabase(serverUrl, 'laurel_template');
  const orm = await openOrm({ url: template.url });
  await migrate(orm);
  await orm.close();
  // MikroORM keeps its metadata on globalThis, which jest copies into every test
  // context; entities discovered here would then clash with the tests' own.
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  }

  process.env.LAUREL_TEST_SERVER_URL = serverUrl;
  process.env.LAUREL_TEST_TEMPLATE = template.name;
  (globalThis as Record<string, unknown>).__laurelTeardown = async () => {
    await template.drop();
    await embedded?.stop();
    if (home) await fs.rm(home, { recursive: true, force: true });
  };
}
