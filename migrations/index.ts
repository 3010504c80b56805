import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123110933 } from './Migration20261123110933';

/** Every migration, in order. `npm run migration:create` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123110933', class: Migration20261123110933 },
];
