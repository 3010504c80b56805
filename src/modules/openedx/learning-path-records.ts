import { createHash } from 'node:crypto';
import { COURSE_KEY, PATH_KEY } from '../../shared/keys';
import type { BodyReader } from './lms-body';
import { LmsBodyError } from './lms-errors';

/** An entry of `learning-paths/` (learning-paths-plugin LearningPathListSerializer). */
export interface LmsLearningPath {
  key: string;
  displayName: string;
  /** Course keys in the path's order (`order` ascending; steps without one last). */
  steps: string[];
  requiredCompletion: number | null;
}

function checked(reader: BodyReader, pattern: RegExp, what: string): string {
  const value = reader.string(255);
  if (!pattern.test(value)) throw new LmsBodyError(reader.endpoint, reader.path, `must be ${what}`);
  return value;
}

export function readLearningPath(entry: BodyReader): LmsLearningPath {
  const steps = entry
    .get('steps')
    .optionalArray(1000)
    .map((step, index) => ({
      index,
      order: step.get('order').optionalNumber(0, 1e9),
      courseKey: checked(step.get('course_key'), COURSE_KEY, 'a course key'),
    }))
    .sort(
      (a, b) =>
        (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    );
  return {
    key: checked(entry.get('key'), PATH_KEY, 'a learning path key'),
    displayName: entry.get('display_name').string(500),
    steps: [...new Set(steps.map((step) => step.courseKey))],
    requiredCompletion: entry.get('required_completion').optionalNumber(0, 1),
  };
}

/** An entry of `<path key>/enrollments/` (LearningPathEnrollmentSerializer). */
export function readPathEnrollment(entry: BodyReader): { learnerId: string; active: boolean } {
  return {
    learnerId: entry.get('user').id(),
    active: entry.get('is_active').optionalBoolean(true),
  };
}

/**
 * The id of the configuration Laurel keeps for a plugin path: the same for every poll and
 * every process, so that the path gets one, and an admin's edits are found again.
 */
export function pathConfigurationId(pathKey: string): string {
  const hex = createHash('sha256').update(`openedx-learning-path:${pathKey}`).digest('hex');
  // RFC 4122 layout, version 5 (name-based) and variant bits set.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
