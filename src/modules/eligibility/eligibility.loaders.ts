import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { CredentialConfiguration } from '../credentials';
import { evaluateTargets } from './bulk-evaluation';
import { configurationRules } from './configuration-rules';
import type { Evaluation } from './types';

export interface EvaluationKey {
  learnerId: string;
  configuration: CredentialConfiguration;
}

export function eligibilityLoaders(em: EntityManager) {
  return {
    /**
     * The evaluation of (learner, configuration) pairs: every pair requested in one
     * tick is evaluated together with a constant number of statements.
     */
    evaluation: new DataLoader<EvaluationKey, Evaluation, string>(
      async (keys) => {
        const results = await evaluateTargets(
          em,
          keys.map(({ learnerId, configuration }) => ({
            learnerId,
            configuration: configurationRules(configuration),
          })),
        );
        return results.map((result) => result.evaluation);
      },
      { cacheKeyFn: (k) => `${k.learnerId}\u0000${k.configuration.id}` },
    ),
  };
}
