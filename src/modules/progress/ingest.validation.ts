import type { FieldProblem } from '../../shared/errors';
import type {
  CompletionInput,
  DiscussionPostInput,
  EnrollmentInput,
  ScoreInput,
} from './progress.inputs';

export interface Batch {
  enrollments: EnrollmentInput[];
  completions: CompletionInput[];
  scores: ScoreInput[];
  discussionPosts?: DiscussionPostInput[];
}

const MAX_ID_LENGTH = 255;
/** More responses than any real post gets; past it, the count is an error. */
const MAX_RESPONSES = 1_000_000;

/** How far in the future an `occurredAt` may be (clock skew); a later one would pin the row. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const MAX_MODE_LENGTH = 100;

/** What exists of the ids a batch names. */
export interface BatchReferences {
  learners: ReadonlySet<string>;
  courses: ReadonlySet<string>;
  paths: ReadonlySet<string>;
  blocks: ReadonlyMap<string, { courseId: string }>;
  items: ReadonlyMap<string, { courseId: string; possiblePoints: number }>;
}

type Problem = (field: string, message: string) => void;

function checkCommon(
  problem: Problem,
  fact: { learnerId: string; occurredAt: Date },
  refs: BatchReferences,
  now: Date,
): void {
  if (!refs.learners.has(fact.learnerId)) {
    problem('learnerId', `learner "${fact.learnerId}" does not exist`);
  }
  const time = fact.occurredAt instanceof Date ? fact.occurredAt.getTime() : NaN;
  if (!Number.isFinite(time)) {
    problem('occurredAt', 'must be a date and time');
  } else if (time > now.getTime() + MAX_CLOCK_SKEW_MS) {
    problem('occurredAt', 'must not be in the future');
  }
}

function checkCourse(problem: Problem, courseId: string, refs: BatchReferences): void {
  if (!refs.courses.has(courseId)) problem('courseId', `course "${courseId}" does not exist`);
}

/** A block or item must exist and belong to the course the fact names. */
function checkPart(
  problem: Problem,
  field: string,
  what: string,
  id: string,
  courseId: string,
  owner: { courseId: string } | undefined,
): void {
  if (!owner) problem(field, `${what} "${id}" does not exist`);
  else if (owner.courseId !== courseId) {
    problem(field, `${what} "${id}" is not in course "${courseId}"`);
  }
}

/**
 * Every problem of a batch, in order, each with its list index and a field path
 * such as `completions[3].completion`. Pure: the references were looked up before.
 */
export function checkBatch(batch: Batch, refs: BatchReferences, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at =
    (list: string, index: number): Problem =>
    (field, message) =>
      problems.push({ field: `${list}[${index}].${field}`, message, index });

  batch.enrollments.forEach((enrollment, index) => {
    const problem = at('enrollments', index);
    checkCommon(problem, enrollment, refs, now);
    const { courseId, learningPathId } = enrollment;
    if (Boolean(courseId) === Boolean(learningPathId)) {
      problem('courseId', 'give exactly one of courseId and learningPathId');
    } else if (courseId) {
      checkCourse(problem, courseId, refs);
      const { mode } = enrollment;
      if (mode != null && (mode.trim() === '' || mode.length > MAX_MODE_LENGTH)) {
        problem('mode', `must be 1 to ${MAX_MODE_LENGTH} characters`);
      }
    } else if (learningPathId && !refs.paths.has(learningPathId)) {
      problem('learningPathId', `learning path "${learningPathId}" does not exist`);
    }
  });

  batch.completions.forEach((completion, index) => {
    const problem = at('completions', index);
    checkCommon(problem, completion, refs, now);
    checkCourse(problem, completion.courseId, refs);
    const { blockId, courseId } = completion;
    checkPart(problem, 'blockId', 'block', blockId, courseId, refs.blocks.get(blockId));
    const value = completion.completion;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      problem('completion', `must be between 0 and 1, got ${value}`);
    }
  });

  batch.scores.forEach((score, index) => {
    const problem = at('scores', index);
    checkCommon(problem, score, refs, now);
    checkCourse(problem, score.courseId, refs);
    const item = refs.items.get(score.itemId);
    checkPart(problem, 'itemId', 'graded item', score.itemId, score.courseId, item);
    if (!Number.isFinite(score.earned) || score.earned < 0) {
      problem('earned', `must be a number of at least 0, got ${score.earned}`);
    } else if (item && score.earned > item.possiblePoints) {
      problem('earned', `must be at most the item's ${item.possiblePoints} possible points`);
    }
  });
  (batch.discussionPosts ?? []).forEach((post, index) => {
    const problem = at('discussionPosts', index);
    checkCommon(problem, post, refs, now);
    checkCourse(problem, post.courseId, refs);
    if (post.postId.trim() === '' || post.postId.length > MAX_ID_LENGTH) {
      problem('postId', `must be 1 to ${MAX_ID_LENGTH} characters`);
    }
    const count = post.responsesReceived;
    if (count != null && (!Number.isInteger(count) || count < 0 || count > MAX_RESPONSES)) {
      problem('responsesReceived', `must be a whole number from 0 to ${MAX_RESPONSES}`);
    }
    const parent = post.parentAuthorId;
    if (parent != null && (parent.trim() === '' || parent.length > MAX_ID_LENGTH)) {
      problem('parentAuthorId', `must be 1 to ${MAX_ID_LENGTH} characters`);
    }
  });
  return problems;
}
