import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { byKeyLoader, groupLoader } from '../../shared/dataloaders';
import { isUuid } from '../../shared/keys';
import { CredentialConfiguration } from './credential-configuration.entity';
import { Credential } from './credential.entity';
import { LIVE_STATUSES } from './credential.enums';

export interface LearnerConfigurationKey {
  learnerId: string;
  configurationId: string;
}

const pairKey = (learnerId: string, configurationId: string) =>
  `${learnerId}\u0000${configurationId}`;

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
    /** The live credential (PENDING, GENERATING, AVAILABLE or ERROR) of each pair, if any. */
    liveCredential: new DataLoader<LearnerConfigurationKey, Credential | null, string>(
      async (keys) => {
        const rows = await em.find(Credential, {
          learner: { $in: [...new Set(keys.map((k) => k.learnerId))] },
          configuration: { $in: [...new Set(keys.map((k) => k.configurationId))] },
          status: { $in: [...LIVE_STATUSES] },
        });
        const byPair = new Map(
          rows.map((row) => [pairKey(row.learner.id, row.configuration.id), row]),
        );
        return keys.map((k) => byPair.get(pairKey(k.learnerId, k.configurationId)) ?? null);
      },
      { cacheKeyFn: (k) => pairKey(k.learnerId, k.configurationId) },
    ),
    /** The credential that renews each credential (its configuration's `renewal`), if any. */
    renewedBy: byKeyLoader(
      (ids: readonly string[]) => em.find(Credential, { renews: { $in: ids.filter(isUuid) } }),
      (credential) => credential.renews!.id,
    ),
    /** Every credential of each learner, newest first. */
    credentialsByLearner: groupLoader(
      (ids: readonly string[]) =>
        em.find(
          Credential,
          { learner: { $in: [...ids] } },
          { orderBy: { createdAt: 'desc', id: 'asc' } },
        ),
      (credential) => credential.learner.id,
    ),
  };
}
