import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { CredentialConfiguration } from '../credentials';
import { evaluateTargets } from './bulk-evaluation';
import { configurationRules } from './configuration-rules';
import { loadStoredEvaluations, pairKey } from './stored-evaluations';
import type { Evaluation } from './types';

export interface EvaluationKey {
  learnerId: string;
  configuration: CredentialConfiguration;
}

export function eligibilityLoaders(em: EntityManager) {
  return {
    /**
     * The evaluation of (learner, configuration) pairs requested in one tick: the
     * stored ones in one statement; pairs without one (no enrollment, or a row not
     * written yet) are evaluated together with a constant number of statements.
     */
    evaluation: new DataLoader<EvaluationKey, Evaluation, string>(
      async (keys) => {
        // A disabled configuration's stored answers are not kept up to date.
        const stored = await loadStoredEvaluations(
          em,
          keys
            .filter((k) => k.configuration.enabled)
            .map((k) => ({ learnerId: k.learnerId, configurationId: k.configuration.id })),
        );
        const missing = keys.filter((k) => !stored.has(pairKey(k.learnerId, k.configuration.id)));
        const computed = await evaluateTargets(
          em,
          missing.map(({ learnerId, configuration }) => ({
            learnerId,
            configuration: configurationRules(configuration),
          })),
        );
        for (const { learnerId, configuration, evaluation } of computed) {
          stored.set(pairKey(learnerId, configuration.id), evaluation);
        }
        return keys.map((k) => stored.get(pairKey(k.learnerId, k.configuration.id))!);
      },
      { cacheKeyFn: (k) => `${k.learnerId}\u0000${k.configuration.id}` },
    ),
  };
}
