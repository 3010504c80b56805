import type { RequirementEvaluator } from './evaluator';

/**
 * completion = Σ completion(block) / count(blocks) over the course's blocks,
 * optional blocks excluded unless `includeOptional`. No counted blocks gives 0.
 */
export const completionRequirement: RequirementEvaluator = {
  kind: 'COMPLETION',
  assignmentType: 'forbidden',
  threshold: 'min',
  label: () => 'Completion',
  validate: () => null,
  measure(req, course, facts) {
    const counted = course.blocks.filter(
      (block) => req.includeOptional === true || !block.optional,
    );
    if (counted.length === 0) return { current: 0 };
    const total = counted.reduce((sum, block) => sum + (facts.completions.get(block.id) ?? 0), 0);
    return { current: total / counted.length };
  },
  mergeKey: (req) => req.kind,
};
