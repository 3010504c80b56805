/**
 * Writes schema.graphql from the code (`npm run schema`), or with `--check` fails
 * when the committed file is stale (CI).
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import { buildAppSchema, printAppSchema } from '../src/server/schema';

async function main(): Promise<void> {
  const sdl = printAppSchema(await buildAppSchema());
  const file = 'schema.graphql';
  if (process.argv.includes('--check')) {
    const committed = await fs.readFile(file, 'utf8').catch(() => '');
    if (committed !== sdl) {
      console.error('schema.graphql is stale: run `npm run schema` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
    return;
  }
  await fs.writeFile(file, sdl);
  console.log('Wrote schema.graphql');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
