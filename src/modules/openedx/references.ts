import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_CLOCK_SKEW_MS } from '../progress';
import type { Fact } from './facts';

const ids = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

const KNOWN_COURSES_SQL = `
select id from course where id in (select value from json_array_elements_text(?::json))`;

const PARTS_SQL = `
select 'block' as kind, id, course_id, null::double precision as possible_points
from content_block where id in (select value from json_array_elements_text(?::json))
union all
select 'item', id, course_id, possible_points
from graded_item where id in (select value from json_array_elements_text(?::json))`;

export interface KnownReferences {
  courses: ReadonlySet<string>;
  blocks: ReadonlyMap<string, string>;
  items: ReadonlyMap<string, { courseId: string; possiblePoints: number }>;
}

/** The course a fact is about, when it needs one Laurel knows. */
export function courseOf(fact: Fact): string | null {
  return fact.kind === 'accessRole' ? null : fact.courseId;
}

export async function knownCourses(
  em: EntityManager,
  courseIds: Iterable<string>,
): Promise<Set<string>> {
  const rows = await em.execute<{ id: string }[]>(KNOWN_COURSES_SQL, [ids(courseIds)]);
  return new Set(rows.map((row) => row.id));
}

export async function lookUpReferences(
  em: EntityManager,
  facts: readonly Fact[],
): Promise<KnownReferences> {
  const courses = await knownCourses(
    em,
    facts.map(courseOf).filter((id): id is string => id !== null),
  );
  const blocks = facts.flatMap((f) => (f.kind === 'completion' ? [f.blockId] : []));
  const items = facts.flatMap((f) => (f.kind === 'score' ? [f.itemId] : []));
  const rows =
    blocks.length + items.length === 0
      ? []
      : await em.execute<
          { kind: string; id: string; course_id: string; possible_points: number | null }[]
        >(PARTS_SQL, [ids(blocks), ids(items)]);
  return {
    courses,
    blocks: new Map(rows.filter((r) => r.kind === 'block').map((r) => [r.id, r.course_id])),
    items: new Map(
      rows
        .filter((r) => r.kind === 'item')
        .map((r) => [r.id, { courseId: r.course_id, possiblePoints: r.possible_points ?? 0 }]),
    ),
  };
}

const timeOf = (fact: Fact) => (fact.kind === 'accessRole' ? fact.change : fact).occurredAt;

/**
 * Why a fact cannot be applied with what Laurel knows, or null; 'ignore' for ungraded
 * subsections. (A time in the future would make the ingest refuse the whole batch.)
 */
export function missingReference(
  fact: Fact,
  known: KnownReferences,
  now = Date.now(),
): string | 'ignore' | null {
  if (timeOf(fact).getTime() > now + MAX_CLOCK_SKEW_MS) {
    return `its time ${timeOf(fact).toISOString()} is in the future`;
  }
  const courseId = courseOf(fact);
  if (courseId !== null && !known.courses.has(courseId)) {
    return `course "${courseId}" is not known to Laurel`;
  }
  if (fact.kind === 'completion') {
    const owner = known.blocks.get(fact.blockId);
    if (owner === undefined)
      return `block "${fact.blockId}" is not a content block of "${courseId}"`;
    if (owner !== courseId) return `block "${fact.blockId}" belongs to course "${owner}"`;
  }
  if (fact.kind === 'score') {
    const item = known.items.get(fact.itemId);
    if (item === undefined) {
      return fact.graded
        ? `subsection "${fact.itemId}" is not a graded item of "${courseId}"`
        : 'ignore';
    }
    if (item.courseId !== courseId)
      return `subsection "${fact.itemId}" belongs to course "${item.courseId}"`;
  }
  return null;
}
