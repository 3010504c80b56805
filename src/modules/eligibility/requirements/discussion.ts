import type { Requirement, RequirementCount } from '../types';
import type { FactSource, RequirementEvaluator, RequirementProblem } from './evaluator';

/**
 * DISCUSSION { minPosts, minDistinctDays, minResponsesReceived? }: taking part in a course's
 * discussions, without rewarding spam. Everything this kind is lives in this module: its
 * parameters, the facts it reads, the pure measurement and its explanation.
 */

/** One post of the learner, as the fact source below hands it over. */
export interface DiscussionPostFact {
  /** The UTC day it was posted, `YYYY-MM-DD`. */
  day: string;
  deleted: boolean | null;
  flagged: boolean | null;
  /** What the platform counted for this post, when it did. */
  responses: number | null;
}

/** Everything DISCUSSION reads of one learner in one course. */
export interface DiscussionFacts {
  posts: DiscussionPostFact[];
  /** Responses and comments by other learners that name this learner as the author answered. */
  replies: { deleted: boolean | null; flagged: boolean | null }[];
}

const FACTS = 'discussion';

const active = (post: { deleted: boolean | null; flagged: boolean | null }) =>
  post.deleted !== true && post.flagged !== true;

const discussionFacts: FactSource = {
  name: FACTS,
  sql: `select json_build_object(
    'posts', coalesce((select json_agg(json_build_object(
        'day', to_char(p.posted_at at time zone 'UTC', 'YYYY-MM-DD'),
        'deleted', p.deleted, 'flagged', p.flagged, 'responses', p.responses_received))
      from discussion_post p where p.learner_id = k.learner_id and p.course_id = k.course_id
        and (k.since is null or p.posted_at >= k.since)), '[]'::json),
    'replies', coalesce((select json_agg(json_build_object('deleted', r.deleted, 'flagged', r.flagged))
      from discussion_post r where r.course_id = k.course_id and r.parent_author_id = k.learner_id
        and r.learner_id <> k.learner_id
        and (k.since is null or r.posted_at >= k.since)), '[]'::json))`,
};

function factsOf(extra: Readonly<Record<string, unknown>> | undefined): DiscussionFacts {
  const value = extra?.[FACTS] as DiscussionFacts | undefined;
  return value ?? { posts: [], replies: [] };
}

/** Active posts, the distinct UTC days they were posted on, and the responses they received. */
export function discussionActivity(facts: DiscussionFacts): {
  posts: number;
  distinctDays: number;
  responsesReceived: number;
} {
  const posts = facts.posts.filter(active);
  const counted = posts.reduce((sum, post) => sum + (post.responses ?? 0), 0);
  const replies = facts.replies.filter(active).length;
  return {
    posts: posts.length,
    distinctDays: new Set(posts.map((post) => post.day)).size,
    // The platform's counts and the replies seen may describe the same responses: the larger.
    responsesReceived: Math.max(counted, replies),
  };
}

const MAX_MINIMUM = 10_000;

function checkMinimum(req: Requirement, field: keyof Requirement, required: boolean) {
  const value = req[field];
  if (value == null) {
    return required ? [{ field, message: `DISCUSSION needs ${field}` }] : [];
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MINIMUM) {
    return [{ field, message: `${field} must be a whole number from 0 to ${MAX_MINIMUM}` }];
  }
  return [];
}

const fraction = (count: RequirementCount) =>
  count.required <= 0 ? 1 : Math.min(1, count.current / count.required);

export const discussionRequirement: RequirementEvaluator = {
  kind: 'DISCUSSION',
  assignmentType: 'forbidden',
  threshold: 'none',
  parameters: ['minPosts', 'minDistinctDays', 'minResponsesReceived'],
  facts: [discussionFacts],
  label: () => 'Discussion',
  validateParameters(req) {
    const problems: RequirementProblem[] = [
      ...checkMinimum(req, 'minPosts', true),
      ...checkMinimum(req, 'minDistinctDays', true),
      ...checkMinimum(req, 'minResponsesReceived', false),
    ];
    if (problems.length === 0 && (req.minDistinctDays ?? 0) > (req.minPosts ?? 0)) {
      problems.push({
        field: 'minDistinctDays',
        message: 'minDistinctDays cannot exceed minPosts: every active day needs a post',
      });
    }
    return problems;
  },
  validate: () => null,
  /** current = mean over the counts of min(1, count / minimum); met when every count is. */
  measure(req, _course, facts) {
    const activity = discussionActivity(factsOf(facts.extra));
    const count = (label: string, current: number, required: number): RequirementCount => ({
      label,
      current,
      required,
      met: current >= required,
    });
    const counts = [
      count('posts', activity.posts, req.minPosts ?? 0),
      count('active days', activity.distinctDays, req.minDistinctDays ?? 0),
      ...(req.minResponsesReceived == null
        ? []
        : [count('responses received', activity.responsesReceived, req.minResponsesReceived)]),
    ];
    const current = counts.reduce((sum, c) => sum + fraction(c), 0) / counts.length;
    const short = counts.filter((c) => !c.met);
    return {
      current,
      counts,
      reason:
        short.length === 0
          ? null
          : `Discussion: ${short.map((c) => `${c.current} of ${c.required} ${c.label}`).join(', ')}`,
    };
  },
  mergeKey: (req) => req.kind,
};
