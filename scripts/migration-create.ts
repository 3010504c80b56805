/**
 * Generates a migration for the difference between the entities and the committed
 * migrations: applies them to a scratch database, diffs, writes `migrations/<name>.ts`
 * and registers it in `migrations/index.ts`.
 * Usage: npm run migration:create  (DATABASE_URL, or the embedded PostgreSQL)
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate, migratorOf, openOrm } from '../src/db/orm';
import { createScratchDatabase } from '../src/db/scratch-database';
import { createLogger } from '../src/shared/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.home, createLogger('warn'));
  const scratch = await createScratchDatabase(
    config.databaseUrl ?? embedded!.url,
    'laurel_migration',
  );
  const orm = await openOrm({ url: scratch.url });
  try {
    await migrate(orm);
    const result = await (
      await migratorOf(orm)
    ).createMigration(path.resolve('migrations'), false, false);
    if (!result.fileName) {
      console.log('Entities and migrations agree: no migration needed.');
      return;
    }
    const name = result.fileName.replace(/\.ts$/, '');
    const className = /export class (\w+)/.exec(result.code)?.[1] ?? name;
    const indexFile = path.resolve('migrations/index.ts');
    let index = await fs.readFile(indexFile, 'utf8');
    index = index.replace(
      /(import type \{ MigrationObject \} from '@mikro-orm\/core';\n)/,
      `$1import { ${className} } from './${name}';\n`,
    );
    index = index.replace(/\];\s*$/, `  { name: '${name}', class: ${className} },\n];\n`);
    await fs.writeFile(indexFile, index);
    console.log(`Wrote migrations/${result.fileName}; review it and commit it.`);
  } finally {
    await orm.close();
    await scratch.drop();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
