import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader } from '../../shared/dataloaders';
import { OrganizationProfileRow } from './organization-profile.entity';

export function issuerLoaders(em: EntityManager) {
  return {
    /** Organization profile rows by key (`instance`, `course:<id>`, `learning_path:<id>`). */
    organizationProfileRow: byKeyLoader(
      (keys: readonly string[]) => em.find(OrganizationProfileRow, { key: { $in: [...keys] } }),
      (row) => row.key,
    ),
  };
}

export type IssuerLoaders = ReturnType<typeof issuerLoaders>;
