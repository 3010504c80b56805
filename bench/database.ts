import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createScratchDatabase } from '../src/db/scratch-database';
import { createLogger } from '../src/shared/logger';

/**
 * A scratch database for one benchmark: on DATABASE_URL's server when set, otherwise
 * on an embedded PostgreSQL in a temporary folder. `drop` removes everything.
 */
export async function benchDatabase(
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, prefix);
    return scratch;
  }
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-bench-'));
  const embedded = await startEmbeddedPostgres(home, createLogger('warn'));
  const scratch = await createScratchDatabase(embedded.adminUrl, prefix);
  return {
    url: scratch.url,
    drop: async () => {
      await scratch.drop();
      await embedded.stop();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}
