import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { query } from '../progress/helpers';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { type LaurelProcess, spawnLaurel } from '../support/process';
import { startS3Server, type TestS3Server } from '../support/s3-server';
import { courseWithConfiguration, eventually, progress, reaches } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * Fault test: a worker process killed (SIGKILL) in the middle of a generation leaves an
 * active job; pg-boss expires it and a second worker process completes the same credential
 * under the same key, with no duplicate row and no stray object.
 */
jest.setTimeout(90_000);

let s3: TestS3Server;
let proxy: TcpProxy;
let app: TestApp;
const workers: LaurelProcess[] = [];
let storageEnv: Record<string, string>;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startTcpProxy(Number(new URL(s3.endpoint).port));
  storageEnv = {
    STORAGE: 's3',
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: proxy.url,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    JOB_EXPIRE_SECONDS: '5',
    JOB_RETRY_DELAY_SECONDS: '1',
    RECONCILE_CRON: 'off',
  };
  // This process only serves the API and enqueues; the spawned processes generate.
  app = await startTestApp({ ...storageEnv, LAUREL_ROLE: 'api' });
});
afterAll(async () => {
  for (const worker of workers) {
    if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await app.stop();
  await proxy.stop();
  await s3.stop();
});

async function startWorker(): Promise<LaurelProcess> {
  const worker = spawnLaurel({
    ...storageEnv,
    LAUREL_ROLE: 'worker',
    DATABASE_URL: app.databaseUrl,
    LAUREL_HOME: app.config.home,
    AUTH_JWT_SECRET: TEST_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  workers.push(worker);
  await worker.waitFor(/Laurel is ready/);
  return worker;
}

it('a job of a worker killed mid-generation is completed by another worker', async () => {
  const course = await courseWithConfiguration(app, ['crash']);
  await proxy.hang(); // uploads stall: the first worker stays inside the job
  const first = await startWorker();
  await progress(app, course, ['crash'], 10);
  const [row] = await query<{ id: string }>(
    app,
    `select id from credential where learner_id = 'crash'`,
  );
  await eventually(
    async () => {
      const [now] = await query<{ status: string }>(
        app,
        'select status from credential where id = $1',
        [row.id],
      );
      return now.status === 'GENERATING' ? true : undefined;
    },
    30_000,
    'the first worker to claim the credential',
  );
  first.child.kill('SIGKILL');
  await first.exited;
  const [job] = await query<{ state: string }>(app, 'select state from pgboss.job where id = $1', [
    row.id,
  ]);
  expect(job.state).toBe('active');

  await proxy.up();
  await startWorker();
  const available = await reaches(app, row.id, 'AVAILABLE', 45_000);
  expect(available.error).toBeNull();

  const rows = await query<{ id: string; attempts: number }>(
    app,
    `select id, attempts from credential where learner_id = 'crash'`,
  );
  expect(rows.map((r) => r.id)).toEqual([row.id]);
  // At least the killed claim and the one that finished. On a loaded machine a claim can
  // outlive the 5 s job expiry and be taken over once more; the row stays one row.
  expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
  const client = new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([`credentials/${row.id}.pdf`]);
  } finally {
    client.destroy();
  }
});
