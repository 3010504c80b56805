import { getEvaluator } from './requirements/registry';
import type { Requirement } from './types';

export function mergeKeyOf(req: Requirement): string {
  return getEvaluator(req.kind).mergeKey(req);
}

/**
 * A step's effective requirements: each override replaces, in place, the path
 * requirement with the same merge key (kind, assignmentType), or is appended.
 */
export function mergeRequirements(
  pathReqs: readonly Requirement[],
  overrideReqs: readonly Requirement[],
): Requirement[] {
  const merged = [...pathReqs];
  for (const override of overrideReqs) {
    const key = mergeKeyOf(override);
    const index = merged.findIndex((req) => mergeKeyOf(req) === key);
    if (index >= 0) merged[index] = override;
    else merged.push(override);
  }
  return merged;
}
