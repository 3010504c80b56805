import { type FilterQuery, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../shared/access';
import { InputError } from '../../shared/errors';
import { isUuid } from '../../shared/keys';
import { likeLiteral } from '../../shared/like';
import type { Page, PageRequest } from '../../shared/pagination';
import { Credential } from './credential.entity';
import type { CredentialStatus } from './credential.enums';

export interface CredentialListFilter {
  learnerId?: string | null;
  configurationId?: string | null;
  courseId?: string | null;
  learningPathId?: string | null;
  status?: CredentialStatus[] | null;
}

/**
 * Newest first: a cursor is the (createdAt, id) of the last row seen. Credentials are
 * created with millisecond timestamps (see pending-credentials.ts), so a JavaScript Date
 * holds the stored value exactly.
 */
export const credentialPosition = (credential: Credential): string =>
  `${credential.createdAt.toISOString()}|${credential.id}`;

function after(position: string | null): FilterQuery<Credential> {
  if (!position) return {};
  const [createdAt, id] = position.split('|');
  const at = new Date(createdAt ?? '');
  if (Number.isNaN(at.getTime()) || !id || !isUuid(id)) {
    throw InputError.of('after', 'is not a cursor returned by this API');
  }
  return { $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] };
}

/** The credential's learner has an enrollment (active or not) in its configuration's path. */
const enrolledInItsPath = (alias: string) =>
  `exists (select 1 from enrollment e
     join credential_configuration c on c.learning_path_id = e.learning_path_id
     where c.id = ${alias}.configuration_id and e.learner_id = ${alias}.learner_id)`;

/**
 * What the viewer may see, as a condition of the query itself (never by filtering a page):
 * admins everything, others their own credentials and those of the contexts they manage
 * (a path's staff those of its enrolled learners), as mayReadLearner decides one by one.
 */
function visibleTo(viewer: Viewer): FilterQuery<Credential> | null {
  if (viewer.isAdmin) return {};
  const scopes: FilterQuery<Credential>[] = [];
  if (viewer.learnerId) scopes.push({ learner: viewer.learnerId });
  if (viewer.staffCourses.size > 0) {
    scopes.push({ configuration: { course: { $in: [...viewer.staffCourses] } } });
  }
  for (const org of viewer.staffOrgs ?? []) {
    scopes.push({
      configuration: { course: { id: { $like: `course-v1:${likeLiteral(org)}+%` } } },
    });
    scopes.push({ configuration: { course: { id: { $like: `${likeLiteral(org)}/%` } } } });
  }
  if (viewer.staffPaths.size > 0) {
    scopes.push({
      configuration: { learningPath: { $in: [...viewer.staffPaths] } },
      [raw(enrolledInItsPath)]: [],
    });
  }
  return scopes.length > 0 ? { $or: scopes } : null;
}

function matching(filter: CredentialListFilter): FilterQuery<Credential>[] {
  const conditions: FilterQuery<Credential>[] = [];
  if (filter.learnerId) conditions.push({ learner: filter.learnerId });
  if (filter.configurationId) {
    // An id that is no UUID names nothing (and must not reach a uuid column).
    conditions.push({
      configuration: isUuid(filter.configurationId) ? filter.configurationId : null,
    });
  }
  if (filter.courseId) conditions.push({ configuration: { course: filter.courseId } });
  if (filter.learningPathId) {
    conditions.push({ configuration: { learningPath: filter.learningPathId } });
  }
  if (filter.status && filter.status.length > 0) {
    conditions.push({ status: { $in: filter.status } });
  }
  return conditions;
}

/** One page (`afterId` is a decoded `credentialPosition`) of the credentials the viewer may see that match the filter, newest first. */
export async function listCredentials(
  em: EntityManager,
  viewer: Viewer,
  filter: CredentialListFilter,
  page: PageRequest,
): Promise<Page<Credential>> {
  if (visibleTo(viewer) === null) return { items: [], hasNextPage: false, totalCount: 0 };
  // Built once per query: a raw() key of the scope serves one query only.
  const where = (): FilterQuery<Credential> => ({
    $and: [visibleTo(viewer)!, ...matching(filter)],
  });
  const [rows, totalCount] = await Promise.all([
    em.find(
      Credential,
      { $and: [where(), after(page.afterId)] },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.first + 1 },
    ),
    em.count(Credential, where()),
  ]);
  return {
    items: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    totalCount,
  };
}
