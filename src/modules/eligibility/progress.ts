import { round4 } from './rounding';
import type { RequirementProgress } from './types';

/** How far one requirement is along: min(1, current / required), 1 where required is 0. */
export function requirementFraction(progress: RequirementProgress): number {
  if (progress.required <= 0) return 1;
  return Math.min(1, Math.max(0, progress.current / progress.required));
}

/** Mean of the requirements' fractions, rounded with round4; 0 when there are none. */
export function overallProgress(requirements: readonly RequirementProgress[]): number {
  if (requirements.length === 0) return 0;
  const total = requirements.reduce((sum, progress) => sum + requirementFraction(progress), 0);
  return round4(total / requirements.length);
}
