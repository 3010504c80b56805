import type { EntityManager } from '@mikro-orm/postgresql';
import { assertNoProblems, type FieldProblem, InputError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { lockRulesForIngest } from '../eligibility';
import { type Batch, type BatchReferences, checkBatch } from './ingest.validation';
import type { ProgressBatchInput } from './progress.inputs';
import {
  type EligibilityChange,
  notifyCommitted,
  type ProgressListener,
  reevaluateTouched,
  type TouchedContext,
} from './reevaluate';

export interface IngestOptions {
  maxBatchFacts: number;
  listeners: readonly ProgressListener[];
  logger: Logger;
}

export interface IngestResult {
  accepted: number;
  ignoredAsStale: number;
  affectedLearners: number;
  /** Pairs whose eligibility or progress changed, as handed to the listeners. */
  changes: EligibilityChange[];
}

const ids = (values: readonly (string | null | undefined)[]) =>
  JSON.stringify([...new Set(values.filter((v): v is string => typeof v === 'string'))]);

/** Locks the batch's learners (concurrent batches for one learner take turns) and lists them. */
const LOCK_LEARNERS_SQL = `
select id from learner
where id in (select value from json_array_elements_text(?::json))
order by id
for no key update`;

const REFERENCES_SQL = `
select 'course' as kind, id, null as course_id, null::double precision as possible_points
from course where id in (select value from json_array_elements_text(?::json))
union all
select 'path', id, null, null
from learning_path where id in (select value from json_array_elements_text(?::json))
union all
select 'block', id, course_id, null
from content_block where id in (select value from json_array_elements_text(?::json))
union all
select 'item', id, course_id, possible_points
from graded_item where id in (select value from json_array_elements_text(?::json))`;

/**
 * Writes every fact in one statement. Each upsert keeps the stored row when it is
 * at least as recent (`occurred_at`), so replays and late arrivals change nothing;
 * the rows returned are the facts accepted, grouped by (learner, course or path).
 */
const WRITE_SQL = `
with
course_enrollments as (
  insert into enrollment as t (id, learner_id, course_id, active, mode, occurred_at)
  select gen_random_uuid(), f.learner_id, f.context_id, f.active, f.mode, f.occurred_at
  from json_to_recordset(?::json)
    as f(learner_id text, context_id text, active boolean, mode text, occurred_at timestamptz)
  on conflict (learner_id, course_id) where course_id is not null do update
    set active = excluded.active, mode = coalesce(excluded.mode, t.mode),
        occurred_at = excluded.occurred_at, updated_at = now()
    where t.occurred_at < excluded.occurred_at
  returning t.learner_id, t.course_id
),
path_enrollments as (
  insert into enrollment as t (id, learner_id, learning_path_id, active, occurred_at)
  select gen_random_uuid(), f.learner_id, f.context_id, f.active, f.occurred_at
  from json_to_recordset(?::json) as f(learner_id text, context_id text, active boolean, occurred_at timestamptz)
  on conflict (learner_id, learning_path_id) where learning_path_id is not null do update
    set active = excluded.active, occurred_at = excluded.occurred_at, updated_at = now()
    where t.occurred_at < excluded.occurred_at
  returning t.learner_id, t.learning_path_id
),
completions as (
  insert into block_completion as t (learner_id, block_id, course_id, completion, occurred_at)
  select f.learner_id, f.block_id, f.course_id, f.completion, f.occurred_at
  from json_to_recordset(?::json)
    as f(learner_id text, block_id text, course_id text, completion double precision, occurred_at timestamptz)
  on conflict (learner_id, block_id) do update
    set completion = excluded.completion, course_id = excluded.course_id,
        occurred_at = excluded.occurred_at, updated_at = now()
    where t.occurred_at < excluded.occurred_at
  returning t.learner_id, t.course_id
),
scores as (
  insert into item_score as t (learner_id, item_id, course_id, earned, occurred_at)
  select f.learner_id, f.item_id, f.course_id, f.earned, f.occurred_at
  from json_to_recordset(?::json)
    as f(learner_id text, item_id text, course_id text, earned double precision, occurred_at timestamptz)
  on conflict (learner_id, item_id) do update
    set earned = excluded.earned, course_id = excluded.course_id,
        occurred_at = excluded.occurred_at, updated_at = now()
    where t.occurred_at < excluded.occurred_at
  returning t.learner_id, t.course_id
),
discussion as (
  insert into discussion_post as t (learner_id, post_id, course_id, post_kind, deleted, flagged,
    responses_received, parent_author_id, posted_at, occurred_at)
  select f.learner_id, f.post_id, f.course_id, f.post_kind, f.deleted, f.flagged,
    f.responses_received, f.parent_author_id, f.posted_at, f.occurred_at
  from json_to_recordset(?::json)
    as f(learner_id text, post_id text, course_id text, post_kind text, deleted boolean,
         flagged boolean, responses_received int, parent_author_id text, posted_at timestamptz,
         occurred_at timestamptz)
  on conflict (learner_id, post_id) do update
    set posted_at = least(t.posted_at, excluded.posted_at),
        occurred_at = greatest(t.occurred_at, excluded.occurred_at),
        course_id = case when t.occurred_at < excluded.occurred_at
                         then excluded.course_id else t.course_id end,
        post_kind = case when t.occurred_at < excluded.occurred_at
                         then excluded.post_kind else t.post_kind end,
        deleted = case when t.occurred_at < excluded.occurred_at
                       then coalesce(excluded.deleted, t.deleted) else t.deleted end,
        flagged = case when t.occurred_at < excluded.occurred_at
                       then coalesce(excluded.flagged, t.flagged) else t.flagged end,
        responses_received = case when t.occurred_at < excluded.occurred_at
                                  then coalesce(excluded.responses_received, t.responses_received)
                                  else t.responses_received end,
        parent_author_id = case when t.occurred_at < excluded.occurred_at
                                then coalesce(excluded.parent_author_id, t.parent_author_id)
                                else t.parent_author_id end,
        updated_at = now()
    where t.occurred_at < excluded.occurred_at or excluded.posted_at < t.posted_at
  returning t.learner_id, t.course_id, t.parent_author_id
)
select learner_id, course_id, null as learning_path_id, sum(accepted)::int as accepted
from (select learner_id, course_id, 1 as accepted from course_enrollments
      union all select learner_id, course_id, 1 from completions
      union all select learner_id, course_id, 1 from scores
      union all select learner_id, course_id, 1 from discussion
      -- A reply changes what its parent's author has received: their answers are re-evaluated.
      union all select d.parent_author_id, d.course_id, 0 from discussion d
        join learner l on l.id = d.parent_author_id
        where d.parent_author_id <> d.learner_id) as facts
group by learner_id, course_id
union all
select learner_id, null, learning_path_id, count(*)::int
from path_enrollments
group by learner_id, learning_path_id`;

/** Of facts with the same key, the latest `occurredAt` wins; on a tie, the last one sent. */
function latestPerKey<T extends { occurredAt: Date }>(
  facts: readonly T[],
  keyOf: (f: T) => string,
) {
  const latest = new Map<string, T>();
  for (const fact of facts) {
    const key = keyOf(fact);
    const kept = latest.get(key);
    if (!kept || kept.occurredAt.getTime() <= fact.occurredAt.getTime()) latest.set(key, fact);
  }
  return [...latest.values()];
}

const k = (...parts: (string | null | undefined)[]) => parts.join('\u0000');

/** Progress ingest: validates a batch whole, writes it set-based, re-evaluates what it touched. */
export class IngestService {
  constructor(
    private readonly em: EntityManager,
    private readonly options: IngestOptions,
  ) {}

  async recordProgress(input: ProgressBatchInput): Promise<IngestResult> {
    const result = await this.em.transactional((em) => this.recordWithin(em, input));
    await this.afterCommit(result.changes);
    return result;
  }

  /**
   * The same ingest in a transaction the caller owns (the Open edX connector writes its
   * own rows beside the facts); call `afterCommit` with the changes once it has committed.
   */
  async recordWithin(em: EntityManager, input: ProgressBatchInput): Promise<IngestResult> {
    const batch: Batch = {
      enrollments: input.enrollments ?? [],
      completions: input.completions ?? [],
      scores: input.scores ?? [],
      discussionPosts: input.discussionPosts ?? [],
    };
    const total =
      batch.enrollments.length +
      batch.completions.length +
      batch.scores.length +
      (batch.discussionPosts?.length ?? 0);
    if (total > this.options.maxBatchFacts) {
      throw InputError.of(
        'input',
        `a batch may carry at most ${this.options.maxBatchFacts} facts, this one has ${total}`,
      );
    }
    if (total === 0) return { accepted: 0, ignoredAsStale: 0, affectedLearners: 0, changes: [] };

    await lockRulesForIngest(em);
    const references = await this.lookUp(em, batch);
    const problems: FieldProblem[] = checkBatch(batch, references, new Date());
    assertNoProblems(problems);
    const touched = await this.write(em, batch);
    const accepted = touched.reduce((sum, t) => sum + t.accepted, 0);
    return {
      accepted,
      ignoredAsStale: total - accepted,
      affectedLearners: new Set(touched.filter((t) => t.accepted > 0).map((t) => t.learnerId)).size,
      changes: await reevaluateTouched(em, touched, this.options.listeners),
    };
  }

  /** Tells the listeners (issuer, subscriptions) about changes that are now committed. */
  afterCommit(changes: readonly EligibilityChange[]): Promise<void> {
    return notifyCommitted(this.options.listeners, changes, this.options.logger);
  }

  private async lookUp(em: EntityManager, batch: Batch): Promise<BatchReferences> {
    const all = [
      ...batch.enrollments,
      ...batch.completions,
      ...batch.scores,
      ...(batch.discussionPosts ?? []),
    ];
    // The authors replied to are re-evaluated too: they take their turn like the others.
    const learners = await em.execute<{ id: string }[]>(LOCK_LEARNERS_SQL, [
      ids([
        ...all.map((f) => f.learnerId),
        ...(batch.discussionPosts ?? []).map((post) => post.parentAuthorId),
      ]),
    ]);
    const rows = await em.execute<
      { kind: string; id: string; course_id: string | null; possible_points: number | null }[]
    >(REFERENCES_SQL, [
      ids([
        ...batch.enrollments.map((e) => e.courseId),
        ...batch.completions.map((c) => c.courseId),
        ...batch.scores.map((s) => s.courseId),
        ...(batch.discussionPosts ?? []).map((post) => post.courseId),
      ]),
      ids(batch.enrollments.map((e) => e.learningPathId)),
      ids(batch.completions.map((c) => c.blockId)),
      ids(batch.scores.map((s) => s.itemId)),
    ]);
    const of = (kind: string) => rows.filter((row) => row.kind === kind);
    return {
      learners: new Set(learners.map((row) => row.id)),
      courses: new Set(of('course').map((row) => row.id)),
      paths: new Set(of('path').map((row) => row.id)),
      blocks: new Map(of('block').map((row) => [row.id, { courseId: row.course_id ?? '' }])),
      items: new Map(
        of('item').map((row) => [
          row.id,
          { courseId: row.course_id ?? '', possiblePoints: row.possible_points ?? 0 },
        ]),
      ),
    };
  }

  private async write(
    em: EntityManager,
    batch: Batch,
  ): Promise<(TouchedContext & { accepted: number })[]> {
    const enrollments = latestPerKey(batch.enrollments, (e) =>
      k(e.learnerId, e.courseId, e.learningPathId),
    );
    const enrollmentRows = (inCourse: boolean) =>
      JSON.stringify(
        enrollments
          .filter((e) => Boolean(e.courseId) === inCourse)
          .map((e) => ({
            learner_id: e.learnerId,
            context_id: inCourse ? e.courseId : e.learningPathId,
            active: e.active,
            mode: inCourse ? (e.mode ?? null) : null,
            occurred_at: e.occurredAt.toISOString(),
          })),
      );
    const completions = latestPerKey(batch.completions, (c) => k(c.learnerId, c.blockId)).map(
      (c) => ({
        learner_id: c.learnerId,
        block_id: c.blockId,
        course_id: c.courseId,
        completion: c.completion,
        occurred_at: c.occurredAt.toISOString(),
      }),
    );
    const scores = latestPerKey(batch.scores, (s) => k(s.learnerId, s.itemId)).map((s) => ({
      learner_id: s.learnerId,
      item_id: s.itemId,
      course_id: s.courseId,
      earned: s.earned,
      occurred_at: s.occurredAt.toISOString(),
    }));
    const posts = latestPerKey(batch.discussionPosts ?? [], (p) => k(p.learnerId, p.postId));
    const earliest = new Map<string, Date>();
    for (const post of batch.discussionPosts ?? []) {
      const key = k(post.learnerId, post.postId);
      const seen = earliest.get(key);
      if (!seen || post.occurredAt < seen) earliest.set(key, post.occurredAt);
    }
    const discussion = posts.map((p) => ({
      learner_id: p.learnerId,
      post_id: p.postId,
      course_id: p.courseId,
      post_kind: p.kind.toLowerCase(),
      deleted: p.deleted ?? null,
      flagged: p.flagged ?? null,
      responses_received: p.responsesReceived ?? null,
      parent_author_id: p.parentAuthorId ?? null,
      posted_at: (earliest.get(k(p.learnerId, p.postId)) ?? p.occurredAt).toISOString(),
      occurred_at: p.occurredAt.toISOString(),
    }));
    const rows = await em.execute<
      {
        learner_id: string;
        course_id: string | null;
        learning_path_id: string | null;
        accepted: number;
      }[]
    >(WRITE_SQL, [
      enrollmentRows(true),
      enrollmentRows(false),
      JSON.stringify(completions),
      JSON.stringify(scores),
      JSON.stringify(discussion),
    ]);
    return rows.map((row) => ({
      learnerId: row.learner_id,
      courseId: row.course_id,
      learningPathId: row.learning_path_id,
      accepted: row.accepted,
    }));
  }
}
