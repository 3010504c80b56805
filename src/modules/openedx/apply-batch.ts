import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type DiscussionPostInput,
  DiscussionPostKind,
  type EnrollmentInput,
  type IngestResult,
  type IngestService,
} from '../progress';
import { applyCourseAccessRole } from './course-access-roles';
import type { Fact, LearnerFact } from './facts';
import { type Parked, parkMessages } from './failures';
import { upsertLearners } from './learners';
import { upsertLmsGrades } from './lms-grades';
import type { Prepared } from './prepare';
import { lookUpReferences, missingReference } from './references';

export type Outcome = 'applied' | 'ignored' | 'parked' | 'duplicate';

export interface BatchResult {
  /** The outcome of each message, in the order given. */
  outcomes: Outcome[];
  /** Ingest changes to hand to the listeners once committed. */
  changes: IngestResult['changes'];
}

/** Claims the ids: those already handled come back absent. */
const CLAIM_SQL = `
insert into connector_message (id, stream, event_type)
select r.id, r.stream, r.event_type
from json_to_recordset(?::json) as r(id text, stream text, event_type text)
on conflict (id) do nothing
returning id`;

function learnersOf(facts: readonly Fact[]): LearnerFact[] {
  return facts.map((fact) => {
    switch (fact.kind) {
      case 'enrollment':
      case 'accessRole':
      case 'discussionPost':
        return fact.learner;
      case 'completion':
      case 'score':
      case 'lmsGrade':
        return { id: fact.learnerId, name: null, username: null, email: null };
    }
  });
}

/** Laurel's progress facts from the bus facts; a score becomes points of the item's scale. */
function ingestBatch(facts: readonly Fact[], possible: (itemId: string) => number) {
  const enrollments: EnrollmentInput[] = [];
  const completions = [];
  const scores = [];
  const discussionPosts: DiscussionPostInput[] = [];
  for (const fact of facts) {
    if (fact.kind === 'enrollment') {
      const { learner, courseId, active, mode, occurredAt } = fact;
      enrollments.push({ learnerId: learner.id, courseId, active, mode, occurredAt });
    } else if (fact.kind === 'completion') {
      const { learnerId, courseId, blockId, completion, occurredAt } = fact;
      completions.push({ learnerId, courseId, blockId, completion, occurredAt });
    } else if (fact.kind === 'score') {
      const { learnerId, courseId, itemId, fraction, occurredAt } = fact;
      scores.push({ learnerId, courseId, itemId, earned: fraction * possible(itemId), occurredAt });
    } else if (fact.kind === 'discussionPost') {
      const { learner, courseId, postId, postKind, deleted, flagged, occurredAt } = fact;
      discussionPosts.push({
        learnerId: learner.id,
        courseId,
        postId,
        kind: DiscussionPostKind[postKind],
        deleted,
        flagged,
        occurredAt,
      });
    }
  }
  return { enrollments, completions, scores, discussionPosts };
}

/**
 * Applies prepared messages in the caller's transaction: ids already handled are skipped,
 * facts naming something unknown are parked with the other unusable messages, and the rest
 * go through the progress ingest in one batch. Every message not a duplicate is recorded as
 * handled, so a message read again (a crash before its acknowledgement) changes nothing.
 */
export async function applyBatch(
  em: EntityManager,
  ingest: IngestService,
  batch: readonly Prepared[],
  options: { skipDeduplication?: boolean } = {},
): Promise<BatchResult> {
  const outcomes: Outcome[] = batch.map(() => 'duplicate');
  const fresh = new Set<number>();
  const claims = new Map<string, number>();
  batch.forEach(({ envelope }, index) => {
    if (envelope === null) fresh.add(index);
    else if (!claims.has(envelope.id)) claims.set(envelope.id, index);
  });
  if (claims.size > 0) {
    const rows = JSON.stringify(
      [...claims].map(([id, index]) => ({
        id,
        stream: batch[index].entry.stream,
        event_type: batch[index].envelope?.type,
      })),
    );
    const claimed = await em.execute<{ id: string }[]>(CLAIM_SQL, [rows]);
    const won = options.skipDeduplication
      ? new Set(claims.keys())
      : new Set(claimed.map((r) => r.id));
    for (const [id, index] of claims) if (won.has(id)) fresh.add(index);
  }

  const parked: Parked[] = [];
  const candidates: { index: number; fact: Fact }[] = [];
  for (const index of [...fresh].sort((a, b) => a - b)) {
    const prepared = batch[index];
    const { step } = prepared;
    if (step.kind === 'park') parked.push({ prepared, reason: step.reason });
    else if (step.kind === 'fact') candidates.push({ index, fact: step.fact });
    outcomes[index] = step.kind === 'park' ? 'parked' : 'ignored';
  }

  const known = await lookUpReferences(
    em,
    candidates.map((c) => c.fact),
  );
  const facts: Fact[] = [];
  for (const { index, fact } of candidates) {
    const missing = missingReference(fact, known);
    if (missing === 'ignore') continue;
    if (missing !== null) {
      parked.push({ prepared: batch[index], reason: missing });
      outcomes[index] = 'parked';
      continue;
    }
    facts.push(fact);
    outcomes[index] = 'applied';
  }

  await upsertLearners(em, learnersOf(facts));
  const result = await ingest.recordWithin(
    em,
    ingestBatch(facts, (itemId) => known.items.get(itemId)?.possiblePoints ?? 0),
  );
  await upsertLmsGrades(
    em,
    facts.filter((f): f is Extract<Fact, { kind: 'lmsGrade' }> => f.kind === 'lmsGrade'),
  );
  for (const fact of facts) {
    if (fact.kind === 'accessRole') await applyCourseAccessRole(em, fact.change);
  }
  await parkMessages(em, parked);
  return { outcomes, changes: result.changes };
}
