export * from './types';
export { round4, meets, formatFraction } from './rounding';
export type {
  FactSource,
  Measurement,
  RequirementEvaluator,
  RequirementProblem,
} from './requirements/evaluator';
export { discussionActivity, type DiscussionFacts } from './requirements/discussion';
export { normalizeMode } from './requirements/enrollment-track';
export {
  getEvaluator,
  findEvaluator,
  isRequirementKind,
  registeredKinds,
} from './requirements/registry';
export { mergeRequirements, mergeKeyOf } from './merge';
export { validateRequirements, validatePathRequirements, validateGradingPolicy } from './validate';
export { evaluateRequirement } from './evaluate-requirement';
export { requirementFraction, overallProgress } from './progress';
export { evaluateCourse, evaluatePath, effectiveStepRequirements, NO_FACTS } from './evaluate';
export { activeLearnersOf, evaluateConfiguration, evaluateTargets } from './bulk-evaluation';
export type { ConfigurationRules, EvaluationTarget } from './bulk-evaluation';
export { configurationRules } from './configuration-rules';
export { eligibilityLoaders } from './eligibility.loaders';
export { LearnerEligibility } from './learner-eligibility.entity';
export {
  changingCourseRules,
  changingPathSteps,
  lockRulesForChange,
  lockRulesForIngest,
  pairKey,
  refreshConfigurations,
  storeEvaluations,
} from './stored-evaluations';
