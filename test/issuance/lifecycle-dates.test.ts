import { randomBytes } from 'node:crypto';
import {
  CreateConfigurationDocument,
  CreateWebhookEndpointDocument,
  IssueCredentialDocument,
  LifecycleCredentialDocument,
  LifecycleEventsDocument,
  LifecycleOpenBadgeDocument,
  LifecycleVerifyOpenBadgeDocument,
  type LifecycleEventsSubscription,
  LifecycleProgressDocument,
  LifecycleVerifyDocument,
  type RenewalMode,
  SetAvailabilityDocument,
} from '../operations/generated';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  testCourse,
  type TestCourse,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { bearer, connect, type LiveClient, until, watch } from '../support/ws';
import { ManualClock } from '../../src/shared/clock';
import { eventually, FAST_JOBS, reaches } from './helpers';

/**
 * Availability dates, expiry and renewal against a real Laurel whose lifecycle clock the test
 * moves (no waiting for real dates): the release job of pg-boss, the lifecycle sweep, the
 * EXPIRED event over graphql-ws, verification.
 */
const DAY = 86_400_000;
const clock = new ManualClock();
let app: TestApp;
let receiver: WebhookReceiver;
const clients: LiveClient[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  app = await startTestApp(
    { ...FAST_JOBS, LIFECYCLE_CRON: 'off', WEBHOOK_ALLOW_PRIVATE: 'true' },
    { clock },
  );
});
beforeEach(() => clock.set(new Date()));
afterEach(() => Promise.all(clients.splice(0).map((client) => client.dispose())));
afterAll(async () => {
  await app?.stop();
  await receiver?.stop();
});

interface Setup {
  course: TestCourse;
  configurationId: string;
}

async function setUp(
  learners: string[],
  options: {
    availableFrom?: Date;
    validFor?: string;
    renewal?: RenewalMode;
    renewalWindowStart?: string;
  } = {},
): Promise<Setup> {
  const course = testCourse(`course-v1:Life+C${randomBytes(4).toString('hex')}+2026`);
  await upsertCourse(app, course);
  await upsertLearners(app, learners);
  const configurationId = await createConfiguration(app, {
    courseId: course.id,
    requirements: [completion(0.8)],
    autoIssue: true,
    availableFrom: options.availableFrom?.toISOString() ?? null,
    validFor: options.validFor ?? null,
    renewal: options.renewal,
    renewalWindowStart: options.renewalWindowStart ?? null,
  });
  return { course, configurationId };
}

/** Enrolls the learners and records `done` of 10 blocks completed at `occurredAt`. */
async function complete(
  setup: Setup,
  learners: string[],
  done: number,
  occurredAt = new Date(Date.now() - DAY),
): Promise<void> {
  const values = Array.from({ length: 10 }, (_, i) => (i < done ? 1 : 0));
  const when = occurredAt.toISOString();
  await ok(
    record(app, {
      enrollments: learners.map((id) => enrollment(id, { courseId: setup.course.id }, true, when)),
      completions: learners.flatMap((id) => completions(id, setup.course, values, when)),
    }),
  );
}

interface Row {
  id: string;
  learner_id: string;
  status: string;
  created_at: Date;
  verification_id: string;
  expires_at: Date | null;
  renews_id: string | null;
}

const credentialsOf = (setup: Setup) =>
  query<Row>(
    app,
    `select id, learner_id, status, created_at, verification_id, expires_at, renews_id
     from credential where configuration_id = $1 order by learner_id, created_at`,
    [setup.configurationId],
  );

/** Learners whose credential of the configuration was renewed. */
const renewalsOf = async (setup: Setup) =>
  (await credentialsOf(setup)).filter((row) => row.renews_id !== null).map((row) => row.learner_id);

const releaseJobs = (setup: Setup) =>
  query<{ start_after: Date; state: string; available_from: string }>(
    app,
    `select start_after, state::text, data->>'availableFrom' as available_from from pgboss.job
     where name = 'credential.release' and data->>'configurationId' = $1 order by created_on`,
    [setup.configurationId],
  );

/** Issues and waits until every credential of the configuration is AVAILABLE. */
async function available(setup: Setup, count: number): Promise<Row[]> {
  return eventually(async () => {
    const rows = await credentialsOf(setup);
    const done = rows.filter((row) => row.status === 'AVAILABLE');
    return done.length === count ? done : undefined;
  });
}

describe('availability date', () => {
  it('holds qualifying learners until the date, then issues to all of them in one batch', async () => {
    const date = new Date(clock.now().getTime() + DAY);
    const setup = await setUp(['av1', 'av2', 'av3'], { availableFrom: date });
    expect(await releaseJobs(setup)).toEqual([
      expect.objectContaining({ state: 'created', available_from: date.toISOString() }),
    ]);

    await complete(setup, ['av1', 'av2'], 9);
    expect(await credentialsOf(setup)).toEqual([]);
    const { learnerProgress } = await ok(
      app.gql(
        LifecycleProgressDocument,
        { learnerId: 'av1', courseId: setup.course.id },
        app.adminToken,
      ),
    );
    expect(learnerProgress).toEqual([
      {
        configuration: { id: setup.configurationId },
        eligible: true,
        availableFrom: date.toISOString(),
        explanation: `Eligible, available on ${date.toISOString()}.`,
        credential: null,
      },
    ]);
    const refused = await app.gql(
      IssueCredentialDocument,
      { configurationId: setup.configurationId, learnerId: 'av1' },
      app.adminToken,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');

    // Moving the date replaces the job: one waiting job, for the new date.
    const later = new Date(date.getTime() + DAY);
    await ok(
      app.gql(
        SetAvailabilityDocument,
        { id: setup.configurationId, availableFrom: later.toISOString() },
        app.adminToken,
      ),
    );
    const jobs = await releaseJobs(setup);
    expect(jobs).toEqual([expect.objectContaining({ available_from: later.toISOString() })]);
    const wait = jobs[0].start_after.getTime() - Date.now();
    expect(wait).toBeGreaterThan(2 * DAY - 60_000);
    expect(wait).toBeLessThanOrEqual(2 * DAY);

    // The date comes: the lifecycle clock passes it, and the queue's clock too.
    clock.set(new Date(later.getTime() + 1000));
    await query(
      app,
      `update pgboss.job set start_after = now() where name = 'credential.release' and data->>'configurationId' = $1`,
      [setup.configurationId],
    );
    const issued = await available(setup, 2);
    expect(issued.map((row) => row.learner_id)).toEqual(['av1', 'av2']);
    // One transaction wrote both.
    expect(issued[0].created_at).toEqual(issued[1].created_at);

    // After the date, a learner who qualifies is issued right away.
    await complete(setup, ['av3'], 10);
    const rows = await credentialsOf(setup);
    expect(rows.map((row) => row.learner_id)).toEqual(['av1', 'av2', 'av3']);
    const after = await ok(
      app.gql(
        LifecycleProgressDocument,
        { learnerId: 'av3', courseId: setup.course.id },
        app.adminToken,
      ),
    );
    expect(after.learnerProgress[0]).toMatchObject({ availableFrom: null, explanation: null });
  });

  it('without a date, issues immediately', async () => {
    const setup = await setUp(['av4']);
    await complete(setup, ['av4'], 10);
    expect((await credentialsOf(setup)).map((row) => row.learner_id)).toEqual(['av4']);
    expect(await releaseJobs(setup)).toEqual([]);
  });
});

describe('expiry', () => {
  it('verifies as EXPIRED once the date passes, and the sweep marks it once with an EXPIRED event', async () => {
    const setup = await setUp(['ex1'], { validFor: 'P1D' });
    await complete(setup, ['ex1'], 10);
    const [issued] = await available(setup, 1);
    const verify = () =>
      ok(app.gql(LifecycleVerifyDocument, { verificationId: issued.verification_id }));
    expect((await verify()).verifyCredential).toMatchObject({
      status: 'VALID',
      learnerName: 'Learner ex1',
      expiresAt: issued.expires_at!.toISOString(),
    });

    const badge = (await ok(app.gql(LifecycleOpenBadgeDocument, { id: issued.id }, app.adminToken)))
      .credential?.openBadge as { validUntil: string };
    // Open Badges dates are whole seconds.
    expect(Date.parse(badge.validUntil)).toBe(
      Math.floor(issued.expires_at!.getTime() / 1000) * 1000,
    );

    const client = connect(app.laurel.url, bearer(app.adminToken));
    clients.push(client);
    await client.connected;
    const before = app.laurel.live.credentials.size;
    const events = watch(client, LifecycleEventsDocument, {
      configurationId: setup.configurationId,
    });
    await until(() => app.laurel.live.credentials.size > before, 'the watch to open');

    receiver.on('/expired', [204]);
    await ok(
      app.gql(
        CreateWebhookEndpointDocument,
        { url: `${receiver.url}/expired`, events: ['EXPIRED'] },
        app.adminToken,
      ),
    );

    clock.set(new Date(issued.expires_at!.getTime() + 1000));
    // Before the sweep has run, verification already tells the truth.
    expect((await verify()).verifyCredential).toMatchObject({
      status: 'EXPIRED',
      learnerName: 'Learner ex1',
      downloadUrl: null,
    });
    expect(await app.laurel.issuance.lifecycle()).toEqual({ expired: 1, renewed: 0 });
    const event: LifecycleEventsSubscription['credentialEvents'] = (await events.next(30_000))
      .credentialEvents;
    expect(event).toEqual({
      type: 'EXPIRED',
      at: clock.now().toISOString(),
      credential: { id: issued.id, status: 'EXPIRED' },
    });
    // Once: a second sweep finds nothing.
    expect(await app.laurel.issuance.lifecycle()).toEqual({ expired: 0, renewed: 0 });
    await events.expectNothing(300);
    // Webhooks hear it too, recorded by the sweep's own transaction.
    const hook = await eventually(
      async () => receiver.received.find((received) => received.path === '/expired'),
      10_000,
      'the EXPIRED webhook',
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'credential.expired',
      data: { credentialId: issued.id, verificationId: issued.verification_id },
    });

    // Open Badges: past validUntil (and the verifiers' 5 minutes of tolerance), expired.
    clock.advance(10 * 60_000);
    expect(
      (await ok(app.gql(LifecycleVerifyOpenBadgeDocument, { credential: badge }))).verifyOpenBadge,
    ).toEqual({ verified: false, signatureValid: true, expired: true });

    const page = await fetch(new URL(`/verify/${issued.verification_id}`, app.laurel.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-status="EXPIRED"');
    expect(html).toContain('id="expires-at"');
    expect(html).not.toContain('id="download"');
    // In the visitor's language, and the web certificate says so instead of showing it.
    const french = await fetch(new URL(`/verify/${issued.verification_id}`, app.laurel.url), {
      headers: { 'accept-language': 'fr' },
    });
    expect(await french.text()).toContain('Attestation expirée');
    const certificate = await fetch(
      new URL(`/certificates/${issued.verification_id}`, app.laurel.url),
    );
    expect(certificate.status).toBe(410);
    const notice = await certificate.text();
    expect(notice).toContain('id="withdrawn"');
    expect(notice).toContain('it expired on');

    // Without renewal, new progress does not bring it back.
    await complete(setup, ['ex1'], 10, new Date());
    expect((await credentialsOf(setup)).map((row) => row.status)).toEqual(['EXPIRED']);
  });
});

describe('renewal', () => {
  it('refuses renewal without validFor, and a window without REEARN, writing nothing', async () => {
    const course = testCourse(`course-v1:Life+Bad${randomBytes(4).toString('hex')}+2026`);
    await upsertCourse(app, course);
    const attempt = (input: { renewal: RenewalMode; validFor?: string; window?: string }) =>
      app.gql(
        CreateConfigurationDocument,
        {
          input: {
            name: 'Renewing',
            courseId: course.id,
            requirements: [completion(0.8)],
            renewal: input.renewal,
            validFor: input.validFor ?? null,
            renewalWindowStart: input.window ?? null,
          },
        },
        app.adminToken,
      );
    const fields = async (input: Parameters<typeof attempt>[0]) =>
      (await attempt(input)).errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    expect(await fields({ renewal: 'AUTOMATIC' })).toEqual([['BAD_USER_INPUT', 'renewal']]);
    expect(await fields({ renewal: 'AUTOMATIC', validFor: 'P1Y', window: 'P30D' })).toEqual([
      ['BAD_USER_INPUT', 'renewalWindowStart'],
    ]);
    const [row] = await query<{ count: number }>(
      app,
      'select count(*)::int as count from credential_configuration where course_id = $1',
      [course.id],
    );
    expect(row.count).toBe(0);
  });

  it('AUTOMATIC renews at expiry those who still meet the rules, linked both ways', async () => {
    const setup = await setUp(['au1', 'au2'], { validFor: 'P1D', renewal: 'AUTOMATIC' });
    await complete(setup, ['au1', 'au2'], 10);
    const [first] = await available(setup, 2);
    // au2 falls below the rule before expiry.
    await complete(setup, ['au2'], 5, new Date(Date.now() - 1000));

    clock.set(new Date(first.expires_at!.getTime() + 60_000));
    await app.laurel.issuance.lifecycle();
    const rows = await credentialsOf(setup);
    expect(rows.map((row) => [row.learner_id, row.renews_id ? 'renewal' : row.status])).toEqual([
      ['au1', 'EXPIRED'],
      ['au1', 'renewal'],
      ['au2', 'EXPIRED'],
    ]);
    const renewal = rows.find((row) => row.renews_id !== null)!;
    expect(renewal).toMatchObject({ learner_id: 'au1', renews_id: first.id });
    await reaches(app, renewal.id, 'AVAILABLE');
    const { credential } = await ok(
      app.gql(LifecycleCredentialDocument, { id: first.id }, app.adminToken),
    );
    expect(credential).toMatchObject({
      status: 'EXPIRED',
      renewedBy: { id: renewal.id, status: 'AVAILABLE' },
    });
    const renewed = await ok(
      app.gql(LifecycleCredentialDocument, { id: renewal.id }, app.adminToken),
    );
    expect(renewed.credential?.renews).toEqual({ id: first.id, status: 'EXPIRED' });

    // au2 stays expired until they meet the rules again; then the next sweep renews.
    await app.laurel.issuance.lifecycle();
    expect(await renewalsOf(setup)).toEqual(['au1']);
    await complete(setup, ['au2'], 10, new Date());
    await app.laurel.issuance.lifecycle();
    expect(await renewalsOf(setup)).toEqual(['au1', 'au2']);
  });

  it('REEARN counts only progress recorded after the renewal window opened', async () => {
    const setup = await setUp(['re1', 're2'], {
      validFor: 'P1D',
      renewal: 'REEARN',
      renewalWindowStart: 'P2D',
    });
    // Earned on facts three days old.
    await complete(setup, ['re1', 're2'], 10, new Date(Date.now() - 3 * DAY));
    const [first] = await available(setup, 2);
    const opens = first.expires_at!.getTime() - 2 * DAY;
    // re2 does the work again inside the window (which opened a day ago).
    await complete(setup, ['re2'], 10, new Date(opens + 3_600_000));

    clock.set(new Date(first.expires_at!.getTime() + 60_000));
    await app.laurel.issuance.lifecycle();
    expect(await renewalsOf(setup)).toEqual(['re2']);
    // Old facts keep re1 eligible in learnerProgress, but do not renew; new ones do.
    await app.laurel.issuance.lifecycle();
    expect(await renewalsOf(setup)).toEqual(['re2']);
    await complete(setup, ['re1'], 10, new Date());
    await app.laurel.issuance.lifecycle();
    expect(await renewalsOf(setup)).toEqual(['re1', 're2']);
  });
});
