import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, groupLoader } from '../../shared/dataloaders';
import { isUuid } from '../../shared/keys';
import { CredentialConfiguration } from './credential-configuration.entity';
import { Credential } from './credential.entity';

export function credentialLoaders(em: EntityManager) {
  return {
    configuration: byKeyLoader(
      (ids: readonly string[]) =>
        em.find(CredentialConfiguration, { id: { $in: ids.filter(isUuid) } }),
      (config) => config.id,
    ),
    configurationsByCourse: groupLoader(
      (ids: readonly string[]) =>
        em.find(
          CredentialConfiguration,
          { course: { $in: [...ids] } },
          { orderBy: { tier: 'asc', id: 'asc' } },
        ),
      (config) => config.course!.id,
    ),
    configurationsByPath: groupLoader(
      (ids: readonly string[]) =>
        em.find(
          CredentialConfiguration,
          { learningPath: { $in: [...ids] } },
          { orderBy: { tier: 'asc', id: 'asc' } },
        ),
      (config) => config.learningPath!.id,
    ),
    credential: byKeyLoader(
      (ids: readonly string[]) => em.find(Credential, { id: { $in: ids.filter(isUuid) } }),
      (credential) => credential.id,
    ),
  };
}
