import {
  IssueCredentialDocument,
  IssueCredentialsDocument,
  ReissueCredentialDocument,
  RevokeCredentialDocument,
  UpsertLearnerDocument,
  VerifyCredentialDocument,
} from '../operations/generated';
import { ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, credential, FAST_JOBS, progress, reaches } from './helpers';

/** Scenarios "Lifecycle": re-issue, sticky withdrawal, concurrent issues converge. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
});
afterAll(() => app.stop());

const credentialsOf = (learnerId: string, configurationId: string) =>
  query<{ id: string; status: string }>(
    app,
    `select id, status from credential where learner_id = $1 and configuration_id = $2
     order by created_at, id`,
    [learnerId, configurationId],
  );

/** Makes the learner eligible by progress and waits for the auto-issued credential. */
async function issued(
  learnerId: string,
  course: Awaited<ReturnType<typeof courseWithConfiguration>>,
) {
  await progress(app, course, [learnerId], 9);
  const [row] = await credentialsOf(learnerId, course.configurationId);
  return reaches(app, row.id, 'AVAILABLE');
}

const verify = async (verificationId: string) =>
  (await ok(app.gql(VerifyCredentialDocument, { verificationId }))).verifyCredential;

describe('re-issue', () => {
  it('invalidates the old credential and issues a new one with the current name', async () => {
    const course = await courseWithConfiguration(app, ['rei']);
    const old = await issued('rei', course);
    expect(old.learnerName).toBe('Learner rei');

    await ok(
      app.gql(
        UpsertLearnerDocument,
        { input: { id: 'rei', name: 'Reiko Nakamura' } },
        app.ingestToken,
      ),
    );
    const { reissueCredential: fresh } = await ok(
      app.gql(ReissueCredentialDocument, { id: old.id, reason: 'Name corrected' }, app.adminToken),
    );
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.verificationId).not.toBe(old.verificationId);
    expect(fresh.learnerName).toBe('Reiko Nakamura');
    expect(['PENDING', 'GENERATING', 'AVAILABLE']).toContain(fresh.status);

    const before = await credential(app, old.id);
    expect(before).toMatchObject({
      status: 'INVALIDATED',
      reason: 'Name corrected',
      supersededBy: { id: fresh.id },
    });
    expect(before.invalidatedAt).not.toBeNull();

    const available = await reaches(app, fresh.id, 'AVAILABLE');
    expect(available.learnerName).toBe('Reiko Nakamura');
    expect(await credentialsOf('rei', course.configurationId)).toEqual(
      expect.arrayContaining([
        { id: old.id, status: 'INVALIDATED' },
        { id: fresh.id, status: 'AVAILABLE' },
      ]),
    );

    expect(await verify(old.verificationId)).toMatchObject({
      status: 'INVALIDATED',
      reason: 'Name corrected',
    });
    expect(await verify(fresh.verificationId)).toMatchObject({
      status: 'VALID',
      learnerName: 'Reiko Nakamura',
      signatureValid: true,
      sha256: available.sha256,
    });
  });

  it('refuses what is not AVAILABLE, an empty reason, and learners', async () => {
    const course = await courseWithConfiguration(app, ['rex']);
    const credential = await issued('rex', course);
    const empty = await app.gql(
      ReissueCredentialDocument,
      { id: credential.id, reason: ' ' },
      app.adminToken,
    );
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const learner = await app.gql(
      ReissueCredentialDocument,
      { id: credential.id, reason: 'mine' },
      await app.token({ subject: 'rex' }),
    );
    expect(learner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await ok(
      app.gql(ReissueCredentialDocument, { id: credential.id, reason: 'typo' }, app.adminToken),
    );
    const again = await app.gql(
      ReissueCredentialDocument,
      { id: credential.id, reason: 'again' },
      app.adminToken,
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});

describe('sticky invalidation and revocation', () => {
  it('issues nothing automatically after a revocation, even when progress keeps the learner eligible', async () => {
    const course = await courseWithConfiguration(app, ['rev', 'inv']);
    const revoked = await issued('rev', course);
    const { revokeCredential } = await ok(
      app.gql(
        RevokeCredentialDocument,
        { id: revoked.id, reason: 'Academic misconduct' },
        app.adminToken,
      ),
    );
    expect(revokeCredential).toMatchObject({ status: 'REVOKED', reason: 'Academic misconduct' });
    expect(revokeCredential.revokedAt).not.toBeNull();

    // An invalidated credential whose successor is gone: only the withdrawn one is left.
    const invalidated = await issued('inv', course);
    await query(
      app,
      `update credential set status = 'INVALIDATED', reason = 'test' where id = $1`,
      [invalidated.id],
    );

    // New progress that keeps both eligible, a bulk issue and the sweep: nothing new.
    await progress(app, course, ['rev', 'inv'], 10, 5);
    const bulk = await ok(
      app.gql(
        IssueCredentialsDocument,
        { configurationId: course.configurationId },
        app.adminToken,
      ),
    );
    expect(bulk.issueCredentials).toEqual({ eligible: 2, issued: 0, alreadyHeld: 0, withdrawn: 2 });
    expect(await app.laurel.issuance.reconcile()).toMatchObject({ issued: 0 });
    expect(await credentialsOf('rev', course.configurationId)).toEqual([
      { id: revoked.id, status: 'REVOKED' },
    ]);
    expect(await credentialsOf('inv', course.configurationId)).toEqual([
      { id: invalidated.id, status: 'INVALIDATED' },
    ]);

    // Explicitly: refused without force, issued by an admin with force.
    const refused = await app.gql(
      IssueCredentialDocument,
      { configurationId: course.configurationId, learnerId: 'rev' },
      app.adminToken,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toContain('revoked');
    const forced = await ok(
      app.gql(
        IssueCredentialDocument,
        { configurationId: course.configurationId, learnerId: 'rev', force: true },
        app.adminToken,
      ),
    );
    expect(forced.issueCredential.id).not.toBe(revoked.id);
    await reaches(app, forced.issueCredential.id, 'AVAILABLE');
  });

  it('the revoked PDF is gone for everyone', async () => {
    const course = await courseWithConfiguration(app, ['gone']);
    const credential = await issued('gone', course);
    await ok(
      app.gql(RevokeCredentialDocument, { id: credential.id, reason: 'Withdrawn' }, app.adminToken),
    );
    const base = app.laurel.url.replace(/\/graphql$/, '');
    const response = await fetch(`${base}/credentials/${credential.id}/pdf`, {
      headers: { authorization: `Bearer ${await app.token({ subject: 'gone' })}` },
    });
    expect(response.status).toBe(410);
  });
});

describe('concurrent issues', () => {
  it('20 concurrent issueCredential calls converge on one credential', async () => {
    const course = await courseWithConfiguration(app, ['many'], { autoIssue: false });
    await progress(app, course, ['many'], 10);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ok(
          app.gql(
            IssueCredentialDocument,
            { configurationId: course.configurationId, learnerId: 'many' },
            app.adminToken,
          ),
        ),
      ),
    );
    const ids = new Set(results.map((r) => r.issueCredential.id));
    expect(ids.size).toBe(1);
    const rows = await credentialsOf('many', course.configurationId);
    expect(rows).toHaveLength(1);
    const [id] = ids;
    await reaches(app, id, 'AVAILABLE');
    const jobs = await query<{ count: number }>(
      app,
      `select count(*)::int as count from pgboss.job where name = 'credential.generate' and id = $1`,
      [id],
    );
    expect(jobs[0].count).toBe(1);
  });
});

describe('reconciliation sweep', () => {
  it('issues what a missed trigger left and re-queues PENDING credentials without a job', async () => {
    const course = await courseWithConfiguration(app, ['late', 'lost']);
    // Eligible while the configuration did not auto-issue: no trigger.
    await query(app, 'update credential_configuration set auto_issue = false where id = $1', [
      course.configurationId,
    ]);
    await progress(app, course, ['late'], 10);
    await query(app, 'update credential_configuration set auto_issue = true where id = $1', [
      course.configurationId,
    ]);
    // A PENDING credential whose job was lost, an hour ago.
    const lost = await issued('lost', course);
    await query(
      app,
      `update credential set status = 'PENDING', updated_at = now() - interval '1 hour' where id = $1`,
      [lost.id],
    );
    await query(app, `delete from pgboss.job where id = $1`, [lost.id]);

    const result = await app.laurel.issuance.reconcile();
    expect(result).toMatchObject({ issued: 1, requeued: 1 });
    const [late] = await credentialsOf('late', course.configurationId);
    await reaches(app, late.id, 'AVAILABLE');
    await reaches(app, lost.id, 'AVAILABLE');
  });
});
