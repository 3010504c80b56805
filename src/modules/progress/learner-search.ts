import type { EntityManager } from '@mikro-orm/postgresql';
import { canManage, hasStaffRole, requireViewer, type Viewer } from '../../shared/access';
import { forbidden, InputError } from '../../shared/errors';
import { likeLiteral } from '../../shared/like';
import type { Page, PageRequest } from '../../shared/pagination';
import { Learner } from './learner.entity';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;

export interface LearnerSearch {
  search: string;
  /** Only learners enrolled in this course or path. */
  contextId?: string | null;
}

/** How well a learner matched: exact first, then prefixes, then any substring. */
export type SearchRank = 0 | 1 | 2;

/** A page position: the (rank, lower(name), id) of the last learner seen. */
export interface SearchPosition {
  rank: SearchRank;
  sortName: string;
  id: string;
}

export const searchPosition = (position: SearchPosition): string =>
  JSON.stringify([position.rank, position.sortName, position.id]);

function parsePosition(text: string): SearchPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    [0, 1, 2].includes(parsed[0] as number) &&
    typeof parsed[1] === 'string' &&
    typeof parsed[2] === 'string'
  ) {
    return { rank: parsed[0] as SearchRank, sortName: parsed[1], id: parsed[2] };
  }
  throw InputError.of('after', 'is not a cursor returned by this API');
}

export function checkSearchText(search: string): string {
  const text = search.trim();
  if (text.length < SEARCH_MIN_LENGTH || text.length > SEARCH_MAX_LENGTH) {
    throw InputError.of(
      'search',
      `must be ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters (spaces around it aside)`,
    );
  }
  return text;
}

/** The enrollments that make a learner visible to a non-admin viewer, or null for "everyone". */
function enrollmentScope(viewer: Viewer, contextId: string | null): EnrollmentScope | null {
  if (contextId !== null) {
    if (
      !canManage(viewer, { courseId: contextId }) &&
      !canManage(viewer, { learningPathId: contextId })
    ) {
      throw forbidden('Only platform admins and staff of this course or path may search it');
    }
    return { courses: [contextId], coursePatterns: [], paths: [contextId] };
  }
  if (viewer.isAdmin) return null;
  if (!hasStaffRole(viewer)) {
    throw forbidden('Only platform admins and course or path staff may search learners');
  }
  const orgs = [...(viewer.staffOrgs ?? [])].map(likeLiteral);
  return {
    courses: [...viewer.staffCourses],
    coursePatterns: orgs.flatMap((org) => [`course-v1:${org}+%`, `${org}/%`]),
    paths: [...viewer.staffPaths],
  };
}

interface EnrollmentScope {
  courses: string[];
  coursePatterns: string[];
  paths: string[];
}

interface SearchRow {
  total: string;
  id: string | null;
  name: string;
  username: string | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
  rank: SearchRank;
  sort_name: string;
}

export interface LearnerSearchPage extends Page<Learner> {
  positions: Map<Learner, string>;
}

/**
 * Learners whose id starts with the text, or whose name or username (and, for admins, email)
 * contains it, case-insensitively; non-admins see only learners with an enrollment (active or
 * not) in a context they manage. One statement: the matches are counted and paged together.
 */
export async function searchLearners(
  em: EntityManager,
  viewerOrNull: Viewer | null,
  input: LearnerSearch,
  page: PageRequest,
): Promise<LearnerSearchPage> {
  const viewer = requireViewer(viewerOrNull);
  const contextId = input.contextId?.trim() || null;
  const scope = enrollmentScope(viewer, contextId);
  const text = checkSearchText(input.search);
  const after = page.afterId === null ? null : parsePosition(page.afterId);

  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return '?';
  };
  // Each use binds its own parameter: positional placeholders follow the text's order.
  const lower = () => bind(text.toLowerCase());
  const literal = likeLiteral(text);
  const prefix = () => bind(`${literal}%`);
  const wordPrefix = () => bind(`% ${literal}%`);
  const contains = () => bind(`%${literal}%`);
  // Only admins see emails, so only admins find learners by them (no guessing game).
  const byEmail = viewer.isAdmin;
  const exact = () =>
    `l.id = ${bind(text)} or lower(l.username) = ${lower()}${
      byEmail ? ` or lower(l.email) = ${lower()}` : ''
    }`;
  const startsWith = () =>
    `l.id like ${prefix()} or l.name ilike ${prefix()} or l.name ilike ${wordPrefix()} or l.username ilike ${prefix()}${
      byEmail ? ` or l.email ilike ${prefix()}` : ''
    }`;
  const matches = () =>
    `l.id like ${prefix()} or l.name ilike ${contains()} or l.username ilike ${contains()}${
      byEmail ? ` or l.email ilike ${contains()}` : ''
    }`;
  const visible = () =>
    scope === null
      ? 'true'
      : `exists (select 1 from enrollment e where e.learner_id = l.id and (
           e.course_id in (select jsonb_array_elements_text(${bind(JSON.stringify(scope.courses))}::jsonb))
           or e.course_id like any (array(select jsonb_array_elements_text(${bind(JSON.stringify(scope.coursePatterns))}::jsonb)))
           or e.learning_path_id in (select jsonb_array_elements_text(${bind(JSON.stringify(scope.paths))}::jsonb))))`;
  const afterCondition = () =>
    after === null
      ? 'true'
      : `(m.rank, m.sort_name, m.id) > (${bind(after.rank)}, ${bind(after.sortName)}, ${bind(after.id)})`;
  const sql = `
with matched as (
  select l.id, l.name, l.username, l.email, l.created_at, l.updated_at, lower(l.name) as sort_name,
    case when ${exact()} then 0 when ${startsWith()} then 1 else 2 end as rank
  from learner l
  where (${matches()}) and ${visible()}
)
select c.total, p.* from (select count(*) as total from matched) c
left join lateral (
  select m.* from matched m where ${afterCondition()}
  order by m.rank, m.sort_name, m.id limit ${bind(page.first + 1)}
) p on true`;
  const rows = await em.execute<SearchRow[]>(sql, params);
  const found = rows.filter((row): row is SearchRow & { id: string } => row.id !== null);
  const positions = new Map<Learner, string>();
  const items = found.slice(0, page.first).map((row) => {
    const learner = em.map(Learner, {
      id: row.id,
      name: row.name,
      username: row.username,
      email: row.email,
      created_at: row.created_at,
      updated_at: row.updated_at,
    });
    positions.set(
      learner,
      searchPosition({ rank: Number(row.rank) as SearchRank, sortName: row.sort_name, id: row.id }),
    );
    return learner;
  });
  return {
    items,
    hasNextPage: found.length > page.first,
    totalCount: Number(rows[0]?.total ?? 0),
    positions,
  };
}
