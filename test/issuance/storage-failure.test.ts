import { createHash } from 'node:crypto';
import { RetryCredentialDocument } from '../operations/generated';
import { ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { startS3Server, type TestS3Server } from '../support/s3-server';
import { courseWithConfiguration, eventually, progress, reaches } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * Scenario "Lifecycle": a generation failure (storage unavailable) leaves the credential
 * ERROR with the message, retries it, and once storage is back it ends AVAILABLE — the
 * same row, no duplicate. Storage is the S3 driver against s3rver, reached through a
 * proxy that the test takes down and brings back.
 */
let s3: TestS3Server;
let proxy: TcpProxy;
let app: TestApp;
const events: { type: string; credentialId: string }[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startTcpProxy(Number(new URL(s3.endpoint).port));
  app = await startTestApp({
    STORAGE: 's3',
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: proxy.url,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    JOB_RETRY_LIMIT: '2',
    JOB_RETRY_DELAY_SECONDS: '1',
    RECONCILE_CRON: 'off',
  });
  app.laurel.issuance.events.subscribe('credential.events', (event) =>
    events.push(event as { type: string; credentialId: string }),
  );
});
afterAll(async () => {
  await app.stop();
  await proxy.stop();
  await s3.stop();
});

const rowsOf = (learnerId: string, configurationId: string) =>
  query<{ id: string; status: string; attempts: number; last_error: string | null }>(
    app,
    `select id, status, attempts, last_error from credential
     where learner_id = $1 and configuration_id = $2`,
    [learnerId, configurationId],
  );

async function attemptsReach(id: string, attempts: number) {
  return eventually(
    async () => {
      const [row] = await query<{ status: string; attempts: number; last_error: string | null }>(
        app,
        'select status, attempts, last_error from credential where id = $1',
        [id],
      );
      return row.status === 'ERROR' && row.attempts >= attempts ? row : undefined;
    },
    20_000,
    `${attempts} failed attempts`,
  );
}

describe('S3 storage', () => {
  it('stores the PDF in the bucket and redirects downloads to a presigned URL', async () => {
    const course = await courseWithConfiguration(app, ['s3-ok']);
    await progress(app, course, ['s3-ok'], 10);
    const [row] = await rowsOf('s3-ok', course.configurationId);
    const issued = await reaches(app, row.id, 'AVAILABLE');

    const base = app.laurel.url.replace(/\/graphql$/, '');
    const response = await fetch(`${base}/credentials/${issued.id}/pdf`, {
      headers: { authorization: `Bearer ${await app.token({ subject: 's3-ok' })}` },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location).toContain(`/${s3.bucket}/credentials/${issued.id}.pdf`);
    expect(location).toContain('X-Amz-Expires=300');
    const file = await fetch(location);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.sha256);
    // The object itself is private.
    expect((await fetch(`${s3.endpoint}/${s3.bucket}/credentials/${issued.id}.pdf`)).status).toBe(
      403,
    );
  });

  it('retries a generation that failed while storage was down, then completes the same row', async () => {
    const course = await courseWithConfiguration(app, ['s3-down']);
    await proxy.down();
    try {
      await progress(app, course, ['s3-down'], 10);
      const [row] = await rowsOf('s3-down', course.configurationId);
      const failed = await attemptsReach(row.id, 2);
      expect(failed.last_error).toMatch(/unreachable|ECONNREFUSED/);
    } finally {
      await proxy.up();
    }
    const [row] = await rowsOf('s3-down', course.configurationId);
    const available = await reaches(app, row.id, 'AVAILABLE', 20_000);
    expect(available.error).toBeNull();
    const rows = await rowsOf('s3-down', course.configurationId);
    expect(rows).toEqual([expect.objectContaining({ id: row.id, status: 'AVAILABLE' })]);
    expect(rows[0].attempts).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.credentialId === row.id).map((e) => e.type)).toEqual(['ISSUED']);
  });

  it('keeps the credential ERROR after the last attempt; retryCredential completes the same row', async () => {
    const course = await courseWithConfiguration(app, ['s3-gone']);
    await proxy.down();
    let id: string;
    try {
      await progress(app, course, ['s3-gone'], 10);
      [{ id }] = await rowsOf('s3-gone', course.configurationId);
      // 1 attempt + JOB_RETRY_LIMIT (2) retries, then FAILED and no more.
      await eventually(
        async () =>
          events.some((e) => e.credentialId === id && e.type === 'FAILED') ? true : undefined,
        30_000,
        'the FAILED event',
      );
      const [row] = await rowsOf('s3-gone', course.configurationId);
      expect(row).toMatchObject({ status: 'ERROR', attempts: 3 });
      const [job] = await query<{ state: string }>(
        app,
        'select state from pgboss.job where id = $1',
        [id],
      );
      expect(job.state).toBe('failed');
    } finally {
      await proxy.up();
    }
    const { retryCredential } = await ok(app.gql(RetryCredentialDocument, { id }, app.adminToken));
    expect(retryCredential.id).toBe(id);
    await reaches(app, id, 'AVAILABLE');
    const rows = await rowsOf('s3-gone', course.configurationId);
    expect(rows).toEqual([expect.objectContaining({ id, status: 'AVAILABLE', attempts: 4 })]);

    const again = await app.gql(RetryCredentialDocument, { id }, app.adminToken);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});
