import type { Requirement } from '../types';
import type { RequirementEvaluator, RequirementProblem } from './evaluator';

const MAX_MODES = 20;
const MAX_MODE_LENGTH = 100;

/** Enrollment modes compare trimmed and case-insensitively: "Verified" is "verified". */
export function normalizeMode(mode: string): string {
  return mode.trim().toLowerCase();
}

function modesOf(req: Requirement): string[] {
  return (req.modes ?? []).map(normalizeMode);
}

/** "verified", "verified or professional", "honor, verified or professional" */
function alternatives(modes: readonly string[]): string {
  if (modes.length <= 1) return modes.join('');
  return `${modes.slice(0, -1).join(', ')} or ${modes[modes.length - 1]}`;
}

/**
 * Met when the learner's enrollment mode in the course is one of `modes`. Not a matter of
 * degree: current is 1 when met, 0 otherwise, and the reason names the mode held.
 */
export const enrollmentTrackRequirement: RequirementEvaluator = {
  kind: 'ENROLLMENT_TRACK',
  assignmentType: 'forbidden',
  threshold: 'none',
  parameters: ['modes'],
  label: () => 'Enrollment track',
  validateParameters(req) {
    const modes = req.modes;
    const problems: RequirementProblem[] = [];
    if (!modes || modes.length === 0) {
      return [{ field: 'modes', message: 'ENROLLMENT_TRACK needs at least one mode' }];
    }
    if (modes.length > MAX_MODES) {
      problems.push({ field: 'modes', message: `at most ${MAX_MODES} modes` });
    }
    if (modes.some((mode) => normalizeMode(mode) === '' || mode.length > MAX_MODE_LENGTH)) {
      problems.push({
        field: 'modes',
        message: `each mode must be 1 to ${MAX_MODE_LENGTH} characters`,
      });
    }
    return problems;
  },
  validate: () => null,
  measure(req, _course, facts) {
    const modes = [...new Set(modesOf(req))];
    const held = facts.enrollmentMode == null ? null : normalizeMode(facts.enrollmentMode);
    if (held !== null && modes.includes(held)) return { current: 1 };
    const enrolledIn = held === null ? 'Enrollment mode unknown' : `Enrolled in ${held}`;
    return { current: 0, reason: `${enrolledIn}; requires ${alternatives(modes)}` };
  },
  mergeKey: (req) => req.kind,
};
