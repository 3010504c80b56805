import { createScratchDatabase } from '../../src/db/scratch-database';

/** A fresh, migrated database for one test file, cloned from the run's template. */
export function createTestDatabase() {
  const serverUrl = process.env.LAUREL_TEST_SERVER_URL;
  const template = process.env.LAUREL_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('test/support/global-setup.ts did not run');
  return createScratchDatabase(serverUrl, 'laurel_test', template);
}
