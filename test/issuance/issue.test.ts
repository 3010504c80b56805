import {
  ClaimCredentialDocument,
  CredentialsDocument,
  type CredentialsQueryVariables,
  IssueCredentialDocument,
  IssueCredentialsDocument,
} from '../operations/generated';
import { ok, query } from '../progress/helpers';
import type { ProgressListener } from '../../src/modules/progress/reevaluate';
import { openOrm, type Orm } from '../../src/db/orm';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, type Course10, FAST_JOBS, progress, reaches } from './helpers';

/** Explicit triggers (issue, bulk, claim), the credentials query, and the job transaction. */
let app: TestApp;
let failIngest = false;
const failing: ProgressListener = {
  async inTransaction() {
    if (failIngest) throw new Error('listener failure (test)');
  },
};
beforeAll(async () => {
  app = await startTestApp(FAST_JOBS, { progressListeners: [failing] });
});
afterAll(() => app.stop());

const countRows = async (sql: string, params: unknown[]) =>
  (await query<{ n: number }>(app, `select count(*)::int as n from (${sql}) t`, params))[0].n;

describe('issueCredential', () => {
  let course: Course10;
  beforeAll(async () => {
    course = await courseWithConfiguration(app, ['ok', 'low', 'none'], { autoIssue: false });
    await progress(app, course, ['ok'], 9);
    await progress(app, course, ['low'], 5);
  });

  it('issues an eligible learner and returns the same credential when asked again', async () => {
    const vars = { configurationId: course.configurationId, learnerId: 'ok' };
    const first = (await ok(app.gql(IssueCredentialDocument, vars, app.adminToken)))
      .issueCredential;
    expect(first).toMatchObject({ learnerId: 'ok', learnerName: 'Learner ok' });
    const staff = await app.token({ subject: 'staff', staffCourses: [course.courseId] });
    const second = (await ok(app.gql(IssueCredentialDocument, vars, staff))).issueCredential;
    expect(second.id).toBe(first.id);
    await reaches(app, first.id, 'AVAILABLE');
  });

  it('refuses an ineligible learner with the reason; only an admin may force', async () => {
    const vars = { configurationId: course.configurationId, learnerId: 'low' };
    const refused = await app.gql(IssueCredentialDocument, vars, app.adminToken);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'learnerId',
    });
    expect(refused.errors?.[0].message).toMatch(/not eligible.*Completion 0\.5 is below 0\.8/i);

    const staff = await app.token({ subject: 'staff', staffCourses: [course.courseId] });
    const staffForce = await app.gql(IssueCredentialDocument, { ...vars, force: true }, staff);
    expect(staffForce.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const forced = await ok(
      app.gql(IssueCredentialDocument, { ...vars, force: true }, app.adminToken),
    );
    await reaches(app, forced.issueCredential.id, 'AVAILABLE');
  });

  it('refuses learners, other staff, unknown configurations and learners', async () => {
    const vars = { configurationId: course.configurationId, learnerId: 'ok' };
    const learner = await app.gql(
      IssueCredentialDocument,
      vars,
      await app.token({ subject: 'ok' }),
    );
    expect(learner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await app.token({ subject: 's2', staffCourses: ['course-v1:Other+X+2026'] });
    expect((await app.gql(IssueCredentialDocument, vars, other)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await app.gql(IssueCredentialDocument, vars)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const unknown = await app.gql(
      IssueCredentialDocument,
      { configurationId: '00000000-0000-4000-8000-000000000000', learnerId: 'ok' },
      app.adminToken,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const nobody = await app.gql(
      IssueCredentialDocument,
      { configurationId: course.configurationId, learnerId: 'nobody', force: true },
      app.adminToken,
    );
    expect(nobody.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('issueCredentials', () => {
  it('issues every eligible learner once and counts what it did', async () => {
    const learners = ['b1', 'b2', 'b3', 'b4', 'b5'];
    const course = await courseWithConfiguration(app, learners, { autoIssue: false });
    await progress(app, course, ['b1', 'b2', 'b3'], 10);
    await progress(app, course, ['b4', 'b5'], 6);
    await ok(
      app.gql(
        IssueCredentialDocument,
        { configurationId: course.configurationId, learnerId: 'b1' },
        app.adminToken,
      ),
    );
    const vars = { configurationId: course.configurationId };
    const first = await ok(app.gql(IssueCredentialsDocument, vars, app.adminToken));
    expect(first.issueCredentials).toEqual({
      eligible: 3,
      issued: 2,
      alreadyHeld: 1,
      withdrawn: 0,
    });
    const second = await ok(app.gql(IssueCredentialsDocument, vars, app.adminToken));
    expect(second.issueCredentials).toEqual({
      eligible: 3,
      issued: 0,
      alreadyHeld: 3,
      withdrawn: 0,
    });
    expect(
      await countRows('select 1 from credential where configuration_id = $1', [
        course.configurationId,
      ]),
    ).toBe(3);
    const learner = await app.gql(
      IssueCredentialsDocument,
      vars,
      await app.token({ subject: 'b1' }),
    );
    expect(learner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('claimCredential', () => {
  it('lets an eligible learner claim their own credential where claims are allowed', async () => {
    const course = await courseWithConfiguration(app, ['c-yes', 'c-no'], {
      autoIssue: false,
      allowClaim: true,
    });
    await progress(app, course, ['c-yes'], 8);
    await progress(app, course, ['c-no'], 2);
    const vars = { configurationId: course.configurationId };
    const claimed = await ok(
      app.gql(ClaimCredentialDocument, vars, await app.token({ subject: 'c-yes' })),
    );
    expect(claimed.claimCredential).toMatchObject({ learnerId: 'c-yes' });
    const again = await ok(
      app.gql(ClaimCredentialDocument, vars, await app.token({ subject: 'c-yes' })),
    );
    expect(again.claimCredential.id).toBe(claimed.claimCredential.id);

    const ineligible = await app.gql(
      ClaimCredentialDocument,
      vars,
      await app.token({ subject: 'c-no' }),
    );
    expect(ineligible.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(ineligible.errors?.[0].message).toContain('not eligible');
    const unknown = await app.gql(
      ClaimCredentialDocument,
      vars,
      await app.token({ subject: 'stranger' }),
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await reaches(app, claimed.claimCredential.id, 'AVAILABLE');
  });

  it('refuses claims where the configuration does not allow them', async () => {
    const course = await courseWithConfiguration(app, ['c-not'], { autoIssue: false });
    await progress(app, course, ['c-not'], 10);
    const refused = await app.gql(
      ClaimCredentialDocument,
      { configurationId: course.configurationId },
      await app.token({ subject: 'c-not' }),
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('credentials query', () => {
  let a: Course10;
  let b: Course10;
  beforeAll(async () => {
    a = await courseWithConfiguration(app, ['q1', 'q2'], { autoIssue: false });
    b = await courseWithConfiguration(app, ['q1', 'q3'], { autoIssue: false });
    await progress(app, a, ['q1', 'q2'], 10);
    await progress(app, b, ['q1', 'q3'], 10);
    for (const course of [a, b]) {
      await ok(
        app.gql(
          IssueCredentialsDocument,
          { configurationId: course.configurationId },
          app.adminToken,
        ),
      );
    }
  });

  const list = async (variables: CredentialsQueryVariables, token: string) => {
    const data = await ok(app.gql(CredentialsDocument, variables, token));
    return data.credentials;
  };
  const pairs = (connection: Awaited<ReturnType<typeof list>>) =>
    connection.edges
      .map(
        (e) => `${e.node.learnerId}@${e.node.configuration.id === a.configurationId ? 'a' : 'b'}`,
      )
      .sort();

  it('shows learners their own, staff their contexts, admins everything asked', async () => {
    const own = await list({}, await app.token({ subject: 'q1' }));
    expect(pairs(own)).toEqual(['q1@a', 'q1@b']);
    expect(own.totalCount).toBe(2);
    const staffA = await app.token({ subject: 'sa', staffCourses: [a.courseId] });
    expect(pairs(await list({ filter: { courseId: a.courseId } }, staffA))).toEqual([
      'q1@a',
      'q2@a',
    ]);
    expect(pairs(await list({ filter: { courseId: b.courseId } }, staffA))).toEqual([]);
    expect(pairs(await list({ filter: { learnerId: 'q3' } }, staffA))).toEqual([]);
    const admin = await list(
      { filter: { learnerId: 'q1', status: ['PENDING', 'GENERATING', 'AVAILABLE'] } },
      app.adminToken,
    );
    expect(pairs(admin)).toEqual(['q1@a', 'q1@b']);
    expect(
      pairs(await list({ filter: { configurationId: b.configurationId } }, app.adminToken)),
    ).toEqual(['q1@b', 'q3@b']);
    expect(
      pairs(await list({ filter: { status: ['REVOKED'], learnerId: 'q1' } }, app.adminToken)),
    ).toEqual([]);
    expect(
      pairs(await list({ filter: { configurationId: 'not-a-uuid' } }, app.adminToken)),
    ).toEqual([]);
    const ingest = await list({}, app.ingestToken);
    expect(ingest.totalCount).toBe(0);
  });

  it('pages newest first with cursors', async () => {
    const staffAB = await app.token({ subject: 'sab', staffCourses: [a.courseId, b.courseId] });
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await list({ first: 1, after, filter: {} }, staffAB);
      expect(page.totalCount).toBe(4);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const bad = await app.gql(CredentialsDocument, { after: 'bm9wZQ' }, app.adminToken);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('jobs are written in the credential transaction', () => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await openOrm({ url: app.databaseUrl });
  });
  afterAll(() => orm.close());

  const jobCount = (id: string) =>
    countRows(`select 1 from pgboss.job where name = 'credential.generate' and id = $1`, [id]);

  it('a rolled-back transaction leaves no job; a committed one leaves one', async () => {
    const jobs = app.laurel.issuance.jobs;
    const id = '11111111-1111-4111-8111-111111111111';
    await expect(
      orm.em.fork().transactional(async (em) => {
        await jobs.enqueueGeneration(em, [id]);
        const inside = await em.execute(
          `select count(*)::int as n from pgboss.job where id = '${id}'`,
        );
        expect(inside[0].n).toBe(1);
        expect(await jobCount(id)).toBe(0); // not visible outside the transaction yet
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await jobCount(id)).toBe(0);

    const committed = '22222222-2222-4222-8222-222222222222';
    await orm.em.fork().transactional((em) => jobs.enqueueGeneration(em, [committed]));
    expect(await jobCount(committed)).toBe(1);
    await query(app, `delete from pgboss.job where id = $1`, [committed]);
  });

  it('a progress batch that fails after auto-issue leaves neither credential nor job', async () => {
    const course = await courseWithConfiguration(app, ['rb']);
    failIngest = true;
    try {
      const [error] = await Promise.allSettled([progress(app, course, ['rb'], 10)]);
      expect(error.status).toBe('rejected');
    } finally {
      failIngest = false;
    }
    expect(await countRows('select 1 from credential where learner_id = $1', ['rb'])).toBe(0);
    expect(
      await countRows(
        `select 1 from pgboss.job j where j.name = 'credential.generate'
         and not exists (select 1 from credential c where c.id = j.id)`,
        [],
      ),
    ).toBe(0);
    // The same batch without the failure issues.
    await progress(app, course, ['rb'], 10);
    const [row] = await query<{ id: string }>(
      app,
      'select id from credential where learner_id = $1',
      ['rb'],
    );
    await reaches(app, row.id, 'AVAILABLE');
  });
});
