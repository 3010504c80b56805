import fs from 'node:fs/promises';
import {
  ConfigurationDiscussionRulesDocument,
  type DiscussionPostInput,
  LearnerProgressTreeDocument,
  type RequirementInput,
} from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import {
  assignmentGrade,
  at,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  scores,
  testCourse,
  upsertCourse,
  upsertLearners,
} from './helpers';

/**
 * Discussion facts through recordProgress (idempotent, out of order, deleted and flagged
 * posts, replies), and a configuration using an ANY_OF group, ENROLLMENT_TRACK and
 * DISCUSSION end to end: recordProgress → learnerProgress → issuance.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const DAY = 24 * 60;
const course = {
  ...testCourse('course-v1:Forum+E2E+2026', { blocks: 0, policy: [] }),
  gradingPolicy: [
    { assignmentType: 'Final Exam', weight: 0.5 },
    { assignmentType: 'Project', weight: 0.5 },
  ],
  gradedItems: [
    { id: 'forum-final-exam', assignmentType: 'Final Exam', possiblePoints: 100 },
    { id: 'forum-project', assignmentType: 'Project', possiblePoints: 100 },
  ],
};
const courseId = course.id;

const post = (
  learnerId: string,
  postId: string,
  minutes: number,
  more: Partial<DiscussionPostInput> = {},
): DiscussionPostInput => ({
  learnerId,
  courseId,
  postId,
  kind: 'THREAD',
  occurredAt: at(minutes),
  ...more,
});

const rule: RequirementInput[] = [
  {
    kind: 'ANY_OF',
    requirements: [assignmentGrade('Final Exam', 0.8), assignmentGrade('Project', 0.8)],
  },
  { kind: 'ENROLLMENT_TRACK', modes: ['verified'] },
  { kind: 'DISCUSSION', minPosts: 3, minDistinctDays: 2, minResponsesReceived: 1 },
];
let configurationId: string;

const progress = async (learnerId: string) =>
  (await ok(app.gql(LearnerProgressTreeDocument, { learnerId, courseId }, app.adminToken)))
    .learnerProgress[0];
const discussionOf = async (learnerId: string) =>
  (await progress(learnerId)).requirements.find((r) => r.kind === 'DISCUSSION')!;
const issued = async () =>
  (
    await query<{ learner_id: string }>(
      app,
      'select learner_id from credential where configuration_id = $1 order by learner_id',
      [configurationId],
    )
  ).map((row) => row.learner_id);

beforeAll(async () => {
  await upsertCourse(app, course);
  configurationId = await createConfiguration(app, {
    courseId,
    requirements: rule,
    autoIssue: true,
  });
  await upsertLearners(app, ['d1', 'd2', 'd3']);
  await ok(
    record(app, {
      enrollments: ['d1', 'd2', 'd3'].map((id) => ({
        ...enrollment(id, { courseId }),
        mode: id === 'd3' ? 'audit' : 'verified',
      })),
      scores: [
        ...scores('d1', courseId, { 'forum-project': 85 }),
        ...scores('d2', courseId, { 'forum-final-exam': 90 }),
        ...scores('d3', courseId, { 'forum-final-exam': 90 }),
      ],
    }),
  );
});

describe('DISCUSSION end to end', () => {
  it('reads back its parameters', async () => {
    const data = await ok(
      app.gql(ConfigurationDiscussionRulesDocument, { id: configurationId }, app.adminToken),
    );
    expect(data.credentialConfiguration?.requirements[2]).toEqual({
      kind: 'DISCUSSION',
      minPosts: 3,
      minDistinctDays: 2,
      minResponsesReceived: 1,
    });
  });

  it('counts posts and days; spam on one day does not meet the days', async () => {
    const spam = Array.from({ length: 6 }, (_, i) => post('d1', `d1-spam-${i}`, 10 + i));
    const result = await ok(record(app, { discussionPosts: spam }));
    expect(result.recordProgress).toEqual({ accepted: 6, ignoredAsStale: 0, affectedLearners: 1 });
    const discussion = await discussionOf('d1');
    expect(discussion).toMatchObject({
      met: false,
      // (6/3 → 1, 1/2, 0/1) / 3
      current: 0.5,
      reason: 'Discussion: 1 of 2 active days, 0 of 1 responses received',
    });
    expect(discussion.counts).toEqual([
      { label: 'posts', current: 6, required: 3, met: true },
      { label: 'active days', current: 1, required: 2, met: false },
      { label: 'responses received', current: 0, required: 1, met: false },
    ]);
    // The same batch again changes nothing.
    const replay = await ok(record(app, { discussionPosts: spam }));
    expect(replay.recordProgress).toEqual({ accepted: 0, ignoredAsStale: 6, affectedLearners: 0 });
  });

  it('ignores deleted and flagged posts, whatever order the facts arrive in', async () => {
    // The deletion (later) arrives before the post itself (earlier).
    await ok(record(app, { discussionPosts: [post('d2', 'd2-a', DAY + 5, { deleted: true })] }));
    await ok(record(app, { discussionPosts: [post('d2', 'd2-a', DAY)] }));
    await ok(
      record(app, {
        discussionPosts: [
          post('d2', 'd2-b', 2 * DAY, { kind: 'RESPONSE' }),
          post('d2', 'd2-c', 3 * DAY, { kind: 'COMMENT' }),
          post('d2', 'd2-d', 3 * DAY + 1),
          post('d2', 'd2-d', 3 * DAY + 2, { flagged: true }),
        ],
      }),
    );
    const rows = await query<{ post_id: string; deleted: boolean | null; posted_at: Date }>(
      app,
      `select post_id, deleted, posted_at from discussion_post where learner_id = 'd2' and post_id = 'd2-a'`,
    );
    expect(rows).toEqual([{ post_id: 'd2-a', deleted: true, posted_at: new Date(at(DAY)) }]);
    expect((await discussionOf('d2')).counts?.slice(0, 2)).toEqual([
      { label: 'posts', current: 2, required: 3, met: false },
      { label: 'active days', current: 2, required: 2, met: true },
    ]);
  });

  it('a reply by another learner counts for the author answered, and issues the credential', async () => {
    // d2: one more post on a new day, then d1 answers one of d2's posts.
    await ok(record(app, { discussionPosts: [post('d2', 'd2-e', 4 * DAY)] }));
    expect(await issued()).toEqual([]);
    const reply = post('d1', 'd1-reply', 4 * DAY + 10, { kind: 'RESPONSE', parentAuthorId: 'd2' });
    const result = await ok(record(app, { discussionPosts: [reply] }));
    expect(result.recordProgress.affectedLearners).toBe(1);
    const d2 = await progress('d2');
    expect(d2).toMatchObject({ eligible: true, progress: 1 });
    expect(await issued()).toEqual(['d2']);
    // Replying to oneself counts for nothing.
    await ok(
      record(app, {
        discussionPosts: [
          post('d1', 'd1-self', 5 * DAY, { kind: 'COMMENT', parentAuthorId: 'd1' }),
        ],
      }),
    );
    expect((await discussionOf('d1')).counts?.[2]).toMatchObject({ current: 0 });
  });

  it('the platform’s response count can meet it too; the audit learner is never issued', async () => {
    await ok(
      record(app, {
        discussionPosts: [
          post('d1', 'd1-spam-0', 2 * DAY, { responsesReceived: 2 }),
          post('d3', 'd3-a', DAY, { responsesReceived: 1 }),
          post('d3', 'd3-b', 2 * DAY),
          post('d3', 'd3-c', 3 * DAY),
        ],
      }),
    );
    const d1 = await progress('d1');
    expect(d1).toMatchObject({ eligible: true, progress: 1 });
    const d3 = await progress('d3');
    expect(d3.eligible).toBe(false);
    expect(d3.requirements.map((r) => [r.kind, r.met])).toEqual([
      ['ANY_OF', true],
      ['ENROLLMENT_TRACK', false],
      ['DISCUSSION', true],
    ]);
    expect(await issued()).toEqual(['d1', 'd2']);
  });

  it('answers learnerProgress as docs/rules.md shows it for a group, a track and a discussion', async () => {
    const text = await fs.readFile('docs/rules.md', 'utf8');
    const section = text.slice(
      text.indexOf('### A configuration with a group, a track and a discussion requirement'),
    );
    const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as object;
    // A verified learner with 0.9 in the final exam and three posts on three days, unanswered.
    await upsertLearners(app, ['d4']);
    await ok(
      record(app, {
        enrollments: [{ ...enrollment('d4', { courseId }), mode: 'verified' }],
        scores: scores('d4', courseId, { 'forum-final-exam': 90 }),
        discussionPosts: [0, 1, 2].map((day) => post('d4', `d4-${day}`, 30 + day * DAY)),
      }),
    );
    expect(await progress('d4')).toMatchObject(shown);
  });

  it('rejects bad discussion facts whole, naming the field', async () => {
    const response = await record(app, {
      discussionPosts: [
        post('d1', 'ok-1', 1),
        post('d1', '', 1),
        post('d1', 'x', 1, { responsesReceived: -1 }),
        post('nobody', 'y', 1),
      ],
    });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fields = (
      response.errors?.[0].extensions?.problems as { field: string }[] | undefined
    )?.map((p) => p.field);
    expect(fields).toEqual([
      'discussionPosts[1].postId',
      'discussionPosts[2].responsesReceived',
      'discussionPosts[3].learnerId',
    ]);
    const stored = await query(app, `select 1 from discussion_post where post_id = 'ok-1'`);
    expect(stored).toEqual([]);
  });
});
