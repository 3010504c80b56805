import type { CredentialConfiguration } from '../credentials';
import type { ConfigurationRules } from './bulk-evaluation';

/** What the evaluator needs of a stored configuration. */
export function configurationRules(config: CredentialConfiguration): ConfigurationRules {
  return {
    id: config.id,
    courseId: config.course?.id ?? null,
    learningPathId: config.learningPath?.id ?? null,
    requirements: config.requirements,
    stepOverrides: config.stepOverrides,
  };
}
