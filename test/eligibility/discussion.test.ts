import {
  type DiscussionFacts,
  discussionActivity,
  evaluateCourse,
  evaluateRequirement,
  type LearnerCourseFacts,
  type Requirement,
  validateRequirements,
} from '../../src/modules/eligibility';
import { course, facts } from './fixtures';

const rules = course('course-v1:Laurel+Forum+2026');
const discussion = (
  minPosts: number,
  minDistinctDays: number,
  minResponsesReceived?: number,
): Requirement => ({ kind: 'DISCUSSION', minPosts, minDistinctDays, minResponsesReceived });

type Post = Partial<DiscussionFacts['posts'][number]> & { day: string };
const post = (day: string, more: Partial<Post> = {}): DiscussionFacts['posts'][number] => ({
  day,
  deleted: null,
  flagged: null,
  responses: null,
  ...more,
});
const reply = (more: { deleted?: boolean; flagged?: boolean } = {}) => ({
  deleted: more.deleted ?? null,
  flagged: more.flagged ?? null,
});
const withDiscussion = (d: Partial<DiscussionFacts>): LearnerCourseFacts => ({
  ...facts(),
  extra: { discussion: { posts: [], replies: [], ...d } },
});

describe('discussionActivity (pure counting)', () => {
  it.each<[string, Partial<DiscussionFacts>, [number, number, number]]>([
    ['nothing', {}, [0, 0, 0]],
    [
      'three posts on one day',
      { posts: [post('2026-03-01'), post('2026-03-01'), post('2026-03-01')] },
      [3, 1, 0],
    ],
    [
      'posts on three days',
      { posts: [post('2026-03-01'), post('2026-03-02'), post('2026-03-04')] },
      [3, 3, 0],
    ],
    [
      'deleted and flagged posts do not count, nor their days',
      {
        posts: [
          post('2026-03-01'),
          post('2026-03-02', { deleted: true }),
          post('2026-03-03', { flagged: true }),
          post('2026-03-04', { deleted: false, flagged: false }),
        ],
      },
      [2, 2, 0],
    ],
    [
      "the platform's counts add up over active posts",
      {
        posts: [
          post('2026-03-01', { responses: 2 }),
          post('2026-03-02', { responses: 3 }),
          post('2026-03-03', { responses: 9, deleted: true }),
        ],
      },
      [2, 2, 5],
    ],
    [
      'replies by others count, active ones only',
      { replies: [reply(), reply(), reply({ flagged: true }), reply({ deleted: true })] },
      [0, 0, 2],
    ],
    [
      'both sources: the larger, not the sum',
      { posts: [post('2026-03-01', { responses: 2 })], replies: [reply(), reply(), reply()] },
      [1, 1, 3],
    ],
  ])('%s', (_name, d, [posts, days, responses]) => {
    expect(discussionActivity({ posts: [], replies: [], ...d })).toEqual({
      posts,
      distinctDays: days,
      responsesReceived: responses,
    });
  });
});

describe('DISCUSSION { minPosts, minDistinctDays, minResponsesReceived }', () => {
  const days = (n: number, perDay = 1) =>
    Array.from({ length: n * perDay }, (_, i) =>
      post(`2026-03-${String(1 + Math.floor(i / perDay)).padStart(2, '0')}`),
    );

  it.each<[string, Requirement, Partial<DiscussionFacts>, boolean, number, string | null]>([
    [
      'exactly the minimums',
      discussion(5, 3),
      { posts: [...days(3), ...days(1, 2)] },
      true,
      1,
      null,
    ],
    [
      'spam on one day is not enough',
      discussion(5, 3),
      { posts: days(1, 20) },
      false,
      0.6667,
      'Discussion: 1 of 3 active days',
    ],
    [
      'one post short',
      discussion(5, 3),
      { posts: days(4) },
      false,
      0.9,
      'Discussion: 4 of 5 posts',
    ],
    [
      'nothing',
      discussion(5, 3, 2),
      {},
      false,
      0,
      'Discussion: 0 of 5 posts, 0 of 3 active days, 0 of 2 responses received',
    ],
    [
      'responses one short',
      discussion(1, 1, 2),
      { posts: [post('2026-03-01', { responses: 1 })] },
      false,
      0.8333,
      'Discussion: 1 of 2 responses received',
    ],
    [
      'responses met by replies',
      discussion(1, 1, 2),
      { posts: days(1), replies: [reply(), reply()] },
      true,
      1,
      null,
    ],
    ['minimums of 0 are met by nothing', discussion(0, 0, 0), {}, true, 1, null],
    // 9999 of 10000 posts: 0.99995 rounds to 1 after averaging, but a count is short: not met.
    [
      'a count short is not met even when current rounds to 1',
      discussion(10000, 1),
      { posts: [...days(1, 9999)] },
      false,
      1,
      'Discussion: 9999 of 10000 posts',
    ],
    [
      'thirds: 1 of 3 posts, 1 of 3 days → 0.3333',
      discussion(3, 3),
      { posts: days(1) },
      false,
      0.3333,
      'Discussion: 1 of 3 posts, 1 of 3 active days',
    ],
  ])('%s', (_name, req, d, met, current, reason) => {
    const progress = evaluateRequirement(req, rules, withDiscussion(d));
    expect(progress).toMatchObject({ kind: 'DISCUSSION', required: 1, current, met, reason });
    expect(progress.counts?.every((count) => count.met)).toBe(met);
  });

  it('reports each count against its minimum', () => {
    const progress = evaluateRequirement(
      discussion(5, 3, 1),
      rules,
      withDiscussion({ posts: days(2) }),
    );
    expect(progress.counts).toEqual([
      { label: 'posts', current: 2, required: 5, met: false },
      { label: 'active days', current: 2, required: 3, met: false },
      { label: 'responses received', current: 0, required: 1, met: false },
    ]);
  });

  it('without facts (none loaded) it reads as no activity', () => {
    expect(evaluateRequirement(discussion(1, 1), rules, facts())).toMatchObject({
      current: 0,
      met: false,
    });
  });

  it('takes part in the mean like any requirement', () => {
    const evaluation = evaluateCourse({
      requirements: [discussion(4, 2), { kind: 'ENROLLMENT_TRACK', modes: ['verified'] }],
      course: rules,
      enrolled: true,
      facts: { ...withDiscussion({ posts: days(2) }), enrollmentMode: 'verified' },
    });
    // Discussion (2/4 + 2/2) / 2 = 0.75, track 1 → 0.875.
    expect(evaluation.progress).toBe(0.875);
  });

  it.each<[string, Requirement, { field: string; message: RegExp }[]]>([
    [
      'no minPosts',
      { kind: 'DISCUSSION', minDistinctDays: 1 },
      [{ field: 'requirements[0].minPosts', message: /needs minPosts/ }],
    ],
    [
      'no minDistinctDays',
      { kind: 'DISCUSSION', minPosts: 1 },
      [{ field: 'requirements[0].minDistinctDays', message: /needs minDistinctDays/ }],
    ],
    [
      'a fraction',
      discussion(2.5, 1),
      [{ field: 'requirements[0].minPosts', message: /whole number/ }],
    ],
    [
      'negative',
      discussion(2, 1, -1),
      [{ field: 'requirements[0].minResponsesReceived', message: /whole number/ }],
    ],
    [
      'too many',
      discussion(10001, 1),
      [{ field: 'requirements[0].minPosts', message: /0 to 10000/ }],
    ],
    [
      'more days than posts',
      discussion(2, 3),
      [{ field: 'requirements[0].minDistinctDays', message: /cannot exceed minPosts/ }],
    ],
    [
      'a min',
      { ...discussion(2, 1), min: 0.5 },
      [{ field: 'requirements[0].min', message: /takes no min/ }],
    ],
    [
      'minPosts on GRADE',
      { kind: 'GRADE', min: 0.5, minPosts: 3 },
      [{ field: 'requirements[0].minPosts', message: /GRADE takes no minPosts/ }],
    ],
  ])('rejects %s', (_name, req, expected) => {
    expect(validateRequirements([req], rules)).toEqual(
      expected.map((e) => ({ field: e.field, message: expect.stringMatching(e.message) })),
    );
  });
});
