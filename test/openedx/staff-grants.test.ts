import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm, migrate } from '../../src/db/orm';
import {
  applyCourseAccessRole,
  NO_STAFF_GRANTS,
  StaffGrantsCache,
} from '../../src/modules/openedx';
import { isCourseStaff, learnerAccess, orgOfCourse, type Viewer } from '../../src/shared/access';
import { scopedEventKeys, scopedWatch } from '../../src/shared/live-scope';
import { createTestDatabase } from '../support/database';

/** Org-wide staff in the access rule and live routing, and the per-user grants cache. */
const viewer = (v: Partial<Viewer>): Viewer => ({
  learnerId: 'dean',
  isAdmin: false,
  canIngest: false,
  staffCourses: new Set(),
  staffPaths: new Set(),
  expiresAt: null,
  ...v,
});

describe('org-wide staff in the access rule', () => {
  it.each([
    ['course-v1:OrgA+C1+2026', 'OrgA'],
    ['course-v1:Org.B-2+X+Y', 'Org.B-2'],
    ['OrgA/Demo/2014', 'OrgA'],
    ['no-org-here', null],
    ['course-v1:', null],
  ])('the org of %s is %s', (courseId, org) => {
    expect(orgOfCourse(courseId)).toBe(org);
  });

  it('staff of an org manage its courses only, prefixes are not orgs', () => {
    const dean = viewer({ staffOrgs: new Set(['OrgA']) });
    expect(isCourseStaff(dean, 'course-v1:OrgA+C9+2030')).toBe(true);
    expect(isCourseStaff(dean, 'course-v1:OrgAB+C1+2026')).toBe(false);
    expect(isCourseStaff(dean, 'course-v1:OrgB+C1+2026')).toBe(false);
    expect(learnerAccess(dean, 'ada', { courseId: 'course-v1:OrgA+C1+2026' })).toBe('granted');
    expect(learnerAccess(dean, 'ada', { courseId: 'course-v1:OrgB+C1+2026' })).toBe('denied');
    expect(learnerAccess(dean, 'ada', { learningPathId: 'path-v1:OrgA+P+1+G' })).toBe('denied');
  });

  it("an unfiltered live watch of org staff takes their org's events, and only those", () => {
    const dean = viewer({ staffOrgs: new Set(['OrgA']) });
    const watch = scopedWatch(dean, {}, {});
    const event = (courseId: string) => ({
      learnerId: 'ada',
      configurationId: 'c',
      courseId,
      learningPathId: null,
    });
    const mine = event('course-v1:OrgA+C1+2026');
    const other = event('course-v1:OrgB+C1+2026');
    expect(scopedEventKeys(mine).some((key) => watch.keys.includes(key))).toBe(true);
    expect(scopedEventKeys(other).some((key) => watch.keys.includes(key))).toBe(false);
    expect(watch.accepts(mine)).toBe(true);
    expect(watch.accepts(other)).toBe(false);
  });
});

describe('StaffGrantsCache', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  let reads = 0;
  const em = (): EntityManager => {
    reads++;
    return orm.em.fork();
  };
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    orm = await openOrm({ url: database.url });
    await migrate(orm);
  });
  afterAll(async () => {
    await orm.close();
    await drop();
  });

  const grant = (userId: string, added: boolean, minute: number) =>
    applyCourseAccessRole(orm.em.fork(), {
      userId,
      org: 'OrgA',
      courseId: 'course-v1:OrgA+C1+2026',
      role: 'staff',
      added,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    });

  it('reads a user once per TTL, answering in between without waiting', async () => {
    let now = 1_000_000;
    const cache = new StaffGrantsCache(em, { ttlMs: 15_000, now: () => now });
    await grant('u1', true, 1);
    reads = 0;
    const first = await cache.grantsOf('u1');
    expect([...first.courses]).toEqual(['course-v1:OrgA+C1+2026']);
    expect(cache.grantsOf('u1')).toBe(first);
    await grant('u1', false, 2);
    now += 14_999;
    expect(cache.grantsOf('u1')).toBe(first);
    now += 1;
    expect(await cache.grantsOf('u1')).toBe(NO_STAFF_GRANTS);
    expect(reads).toBe(2);
  });

  it('reads concurrent first requests once; an invalidation during a read is not undone by it', async () => {
    const cache = new StaffGrantsCache(em);
    await grant('u2', true, 1);
    reads = 0;
    const [a, b] = await Promise.all([cache.grantsOf('u2'), cache.grantsOf('u2')]);
    expect(a).toBe(b);
    expect(reads).toBe(1);

    cache.invalidate('u2');
    const stale = cache.grantsOf('u2');
    cache.invalidate('u2');
    await grant('u2', false, 2);
    await stale;
    expect(await cache.grantsOf('u2')).toBe(NO_STAFF_GRANTS);
    expect(reads).toBe(3);
  });

  it('holds at most maxEntries users', async () => {
    const cache = new StaffGrantsCache(em, { maxEntries: 2 });
    for (const user of ['a', 'b', 'c']) await cache.grantsOf(user);
    expect(cache.size).toBe(2);
  });
});
