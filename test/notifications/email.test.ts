import { RevokeCredentialDocument, UpsertLearnerDocument } from '../operations/generated';
import { randomBytes } from 'node:crypto';
import { eventually, FAST_JOBS, reaches } from '../issuance/helpers';
import {
  at,
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  query,
  record,
  testCourse,
  upsertCourse,
} from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { type SmtpSink, startSmtpSink } from '../support/smtp-server';

/** E-mail to learners through a real SMTP server: once per credential and kind, in the configuration's locale. */
let app: TestApp;
let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startTestApp({
    ...FAST_JOBS,
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Laurel <no-reply@laurel.test>',
    NOTIFY_RETRY_DELAY_SECONDS: '1',
    NOTIFY_EXPIRY_LEAD: 'P30D',
    NOTIFY_EXPIRY_CRON: 'off',
  });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

const mailsTo = (address: string) => smtp.messages.filter((mail) => mail.to.includes(address));

/** Waits until `address` has received `count` messages; returns them. */
const received = (address: string, count: number) =>
  eventually(
    async () => (mailsTo(address).length >= count ? mailsTo(address) : undefined),
    20_000,
    `${count} e-mail(s) to ${address}`,
  );

async function learner(id: string, name: string, email: string | null): Promise<void> {
  await ok(app.gql(UpsertLearnerDocument, { input: { id, name, email } }, app.ingestToken));
}

/** An auto-issued course credential in `locale` (COMPLETION ≥ 0.8); the learners complete 9 of 10 blocks. */
async function configure(learners: string[], settings: { locale: string; validFor?: string }) {
  const course = testCourse(`course-v1:Mail+C${randomBytes(4).toString('hex')}+2026`);
  await upsertCourse(app, course);
  const configurationId = await createConfiguration(app, {
    courseId: course.id,
    name: 'Certificate of Completion',
    requirements: [completion(0.8)],
    autoIssue: true,
    locale: settings.locale,
    validFor: settings.validFor ?? null,
  });
  const done = Array.from({ length: 10 }, (_, i) => (i < 9 ? 1 : 0));
  await ok(
    record(app, {
      enrollments: learners.map((id) => enrollment(id, { courseId: course.id }, true, at())),
      completions: learners.flatMap((id) => completions(id, course, done, at())),
    }),
  );
  return { courseId: course.id, configurationId };
}

async function credentialOf(learnerId: string, configurationId: string): Promise<string> {
  const rows = await eventually(async () => {
    const found = await query<{ id: string }>(
      app,
      'select id from credential where learner_id = $1 and configuration_id = $2',
      [learnerId, configurationId],
    );
    return found.length > 0 ? found : undefined;
  });
  return rows[0].id;
}

const notifications = (credentialId: string) =>
  query<{ kind: string; status: string; attempts: number; last_error: string | null }>(
    app,
    'select kind, status, attempts, last_error from email_notification where credential_id = $1 order by created_at',
    [credentialId],
  );

it('tells the learner of an issued and a revoked credential once each, in French', async () => {
  await learner('mail-fr', 'Amélie <Poulain>', 'amelie@example.test');
  const course = await configure(['mail-fr'], { locale: 'fr' });
  const id = await credentialOf('mail-fr', course.configurationId);
  const issued = await reaches(app, id, 'AVAILABLE');

  const [mail] = await received('amelie@example.test', 1);
  expect(mail.headers['content-language']).toBe('fr');
  expect(mail.subject).toBe('Votre attestation « Certificate of Completion » est prête');
  expect(mail.text).toContain('Bonjour Amélie <Poulain>,');
  expect(mail.text).toContain(issued.verificationUrl);
  expect(mail.html).toContain('<html lang="fr" dir="ltr">');
  expect(mail.html).toContain('Bonjour Amélie &#60;Poulain&#62;,');
  expect(mail.html).not.toContain('<Poulain>');
  expect(mail.html).toContain(`href="${issued.verificationUrl}"`);

  await ok(app.gql(RevokeCredentialDocument, { id, reason: 'Plagiat <avéré>' }, app.adminToken));
  const [, revoked] = await received('amelie@example.test', 2);
  expect(revoked.subject).toBe('Votre attestation « Certificate of Completion » a été révoquée');
  expect(revoked.text).toContain('Motif : Plagiat <avéré>');
  expect(revoked.html).toContain('Motif : Plagiat &#60;avéré&#62;');

  // The same event again (a second trigger, a replay) finds its row taken: nothing new is sent.
  await app.laurel.notifications.onCredentialEvent({
    type: 'ISSUED',
    credentialId: id,
    learnerId: 'mail-fr',
    configurationId: course.configurationId,
    courseId: course.courseId,
    learningPathId: null,
    at: new Date().toISOString(),
  });
  expect(await notifications(id)).toEqual([
    { kind: 'ISSUED', status: 'SENT', attempts: 1, last_error: null },
    { kind: 'REVOKED', status: 'SENT', attempts: 1, last_error: null },
  ]);
  expect(mailsTo('amelie@example.test')).toHaveLength(2);
});

it('retries a transient SMTP refusal and delivers once, right to left in Arabic', async () => {
  smtp.refuseNext('samir@example.test', 1);
  const refusedBefore = smtp.refused;
  await learner('mail-ar', 'سمير', 'samir@example.test');
  const course = await configure(['mail-ar'], { locale: 'ar' });
  const id = await credentialOf('mail-ar', course.configurationId);

  const [mail] = await received('samir@example.test', 1);
  expect(smtp.refused).toBe(refusedBefore + 1);
  expect(mail.subject).toBe('شهادتك «Certificate of Completion» جاهزة');
  expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  const [row] = await eventually(async () => {
    const rows = await notifications(id);
    return rows[0]?.status === 'SENT' ? rows : undefined;
  });
  expect(row).toMatchObject({
    kind: 'ISSUED',
    attempts: 2,
    last_error: null,
  });
  expect(mailsTo('samir@example.test')).toHaveLength(1);
});

it('skips a learner without an e-mail address, with the reason recorded', async () => {
  await learner('mail-none', 'Nobody', null);
  const course = await configure(['mail-none'], { locale: 'en' });
  const id = await credentialOf('mail-none', course.configurationId);
  await reaches(app, id, 'AVAILABLE');
  const [row] = await eventually(async () => {
    const rows = await notifications(id);
    return rows[0]?.status === 'SKIPPED' ? rows : undefined;
  });
  expect(row).toMatchObject({ kind: 'ISSUED', last_error: 'the learner has no e-mail address' });
});

it('announces an expiry within the lead time once, whatever the number of scans', async () => {
  await learner('mail-de', 'Jörg', 'joerg@example.test');
  const course = await configure(['mail-de'], { locale: 'de', validFor: 'P10D' });
  const id = await credentialOf('mail-de', course.configurationId);
  const issued = await reaches(app, id, 'AVAILABLE');
  await received('joerg@example.test', 1);

  const scans = [await app.laurel.notifications.scanExpiring()];
  scans.push(await app.laurel.notifications.scanExpiring());
  expect(scans).toEqual([1, 0]);
  const [, expiring] = await received('joerg@example.test', 2);
  const date = new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(issued.expiresAt as string),
  );
  expect(expiring.subject).toBe(`Ihr Nachweis „Certificate of Completion“ läuft am ${date} ab`);
  expect(expiring.headers['content-language']).toBe('de');
  expect(await app.laurel.notifications.scanExpiring()).toBe(0);
  expect(mailsTo('joerg@example.test')).toHaveLength(2);
});
