import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { courseWithConfiguration, FAST_JOBS, progress, reaches } from './helpers';

/**
 * Auto-issue end to end: recordProgress makes a learner eligible, a PENDING credential
 * and its job commit with the facts, the in-process worker renders, stores and signs it,
 * and the owner downloads the PDF.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(FAST_JOBS);
});
afterAll(() => app.stop());

const liveOf = (learnerId: string, configurationId: string) =>
  query<{ id: string; status: string }>(
    app,
    `select id, status from credential where learner_id = $1 and configuration_id = $2`,
    [learnerId, configurationId],
  );

describe('auto-issue', () => {
  it('issues a credential when progress makes a learner eligible, and serves its PDF', async () => {
    const course = await courseWithConfiguration(app, ['ada', 'bob']);
    await progress(app, course, ['ada', 'bob'], 7);
    expect(await liveOf('ada', course.configurationId)).toEqual([]);

    const events: unknown[] = [];
    const unsubscribe = app.laurel.issuance.events.subscribe('credential.events', (e) =>
      events.push(e),
    );
    await progress(app, course, ['ada'], 8, 1);
    const [row] = await liveOf('ada', course.configurationId);
    expect(row).toBeDefined();

    const issued = await reaches(app, row.id, 'AVAILABLE');
    unsubscribe();
    expect(issued).toMatchObject({
      learnerId: 'ada',
      learnerName: 'Learner ada',
      error: null,
      configuration: { id: course.configurationId, name: 'Certificate of Completion' },
      verificationUrl: `${app.config.publicUrl}/verify/${issued.verificationId}`,
      downloadUrl: `${app.config.publicUrl}/credentials/${issued.id}/pdf`,
    });
    expect(issued.issuedAt).not.toBeNull();
    expect(events).toEqual([
      expect.objectContaining({ type: 'ISSUED', credentialId: issued.id, learnerId: 'ada' }),
    ]);

    // The file in storage has the recorded hash.
    const storage = app.config.storage;
    if (storage.driver !== 'local') throw new Error('local storage expected');
    const file = await readFile(path.join(storage.root, 'credentials', `${issued.id}.pdf`));
    expect(createHash('sha256').update(file).digest('hex')).toBe(issued.sha256);
    const [stored] = await query<{ signature: string; signing_key_id: string; attempts: number }>(
      app,
      'select signature, signing_key_id, attempts from credential where id = $1',
      [issued.id],
    );
    expect(stored.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(stored.signing_key_id).toBe(app.laurel.issuance.signer.keyId());
    expect(stored.attempts).toBe(1);

    // Downloads: the owner gets the bytes, another learner 403, nobody 401.
    const base = app.laurel.url.replace(/\/graphql$/, '');
    const download = (token?: string) =>
      fetch(`${base}/credentials/${issued.id}/pdf`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const own = await download(await app.token({ subject: 'ada' }));
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await own.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.sha256);
    expect((await download(await app.token({ subject: 'bob' }))).status).toBe(403);
    expect((await download()).status).toBe(401);
    expect((await download(app.adminToken)).status).toBe(200);
    expect(
      (await download(await app.token({ subject: 'staff', staffCourses: [course.courseId] })))
        .status,
    ).toBe(200);

    // Still below the threshold: nothing for bob.
    expect(await liveOf('bob', course.configurationId)).toEqual([]);
  });

  it('issues nothing for a configuration without autoIssue', async () => {
    const course = await courseWithConfiguration(app, ['cy'], { autoIssue: false });
    await progress(app, course, ['cy'], 10);
    expect(await liveOf('cy', course.configurationId)).toEqual([]);
  });

  it('answers 404 for unknown and not yet available credentials', async () => {
    const base = app.laurel.url.replace(/\/graphql$/, '');
    const get = (id: string) =>
      fetch(`${base}/credentials/${id}/pdf`, {
        headers: { authorization: `Bearer ${app.adminToken}` },
      });
    expect((await get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('not-a-uuid')).status).toBe(404);
    const course = await courseWithConfiguration(app, ['dee'], { autoIssue: false });
    await progress(app, course, ['dee'], 10);
    const [pending] = await query<{ id: string }>(
      app,
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status)
       values (gen_random_uuid(), gen_random_uuid(), 'dee', $1, 'Dee', 'C', 'N', 'PENDING')
       returning id`,
      [course.configurationId],
    );
    expect((await get(pending.id)).status).toBe(404);
  });
});
