import type { CredentialConfiguration } from '../credentials';
import type { ConfigurationRules } from './bulk-evaluation';
import type { Requirement, StepOverride } from './types';

/** What the evaluator needs of a stored configuration. */
export function configurationRules(config: CredentialConfiguration): ConfigurationRules {
  return {
    id: config.id,
    courseId: config.course?.id ?? null,
    learningPathId: config.learningPath?.id ?? null,
    requirements: config.requirements as Requirement[],
    stepOverrides: config.stepOverrides as StepOverride[],
  };
}
