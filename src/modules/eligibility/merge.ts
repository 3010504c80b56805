import { getEvaluator } from './requirements/registry';
import { isGroupKind, type Requirement } from './types';

/**
 * A leaf's key is its kind's (kind, assignmentType); a group's is its kind with its members'
 * keys, in any order: `ANY_OF(ASSIGNMENT_GRADE:Exam,ASSIGNMENT_GRADE:Project)`.
 */
export function mergeKeyOf(req: Requirement): string {
  if (!isGroupKind(req.kind)) return getEvaluator(req.kind).mergeKey(req);
  const members = (req.requirements ?? []).map(mergeKeyOf).sort();
  return `${req.kind}(${members.join(',')})`;
}

/**
 * A step's effective requirements: each override replaces, in place, the path
 * requirement with the same merge key (kind, assignmentType), or is appended. Merging is
 * on the top level of the tree: a group is replaced by a group with the same members.
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
