import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { UpsertCourseDocument } from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';

/** `npm run token` runs the compiled script; `npm test` builds it first (pretest). */
const SCRIPT = path.resolve(__dirname, '../../dist/scripts/token.js');
const A = 'course-v1:Token+A+2026';
const B = 'course-v1:Token+B+2026';

let home: string;
let app: TestApp;

/** Runs the token command for the server's LAUREL_HOME; the token is the last line of stdout. */
async function tokenCommand(args: string[], env: Record<string, string> = {}) {
  const { AUTH_JWT_SECRET: _ignored, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
    env: { ...inherited, LAUREL_HOME: home, LOG_LEVEL: 'silent', ...env },
  });
  return stdout.trim().split('\n').at(-1)!;
}

beforeAll(async () => {
  await fs.access(SCRIPT).catch(() => {
    throw new Error(`${SCRIPT} is missing: run "npm run build" (npm test does it)`);
  });
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-token-home-'));
  // No AUTH_JWT_SECRET: the server generates the local secret under LAUREL_HOME.
  app = await startTestApp({ AUTH_JWT_SECRET: '', LAUREL_HOME: home });
});
afterAll(async () => {
  await app.stop();
  await fs.rm(home, { recursive: true, force: true });
});

describe('npm run token', () => {
  const tokens = new Map<string, string>();
  it.each([
    [['--admin'], A, true],
    [['--admin'], B, true],
    [['--staff', A], A, true],
    [['--staff', A], B, false],
    [['--learner', '7'], A, false],
  ])('%j may upsert %s: %s', async (args, courseId, allowed) => {
    const key = args.join(' ');
    tokens.set(key, tokens.get(key) ?? (await tokenCommand(args)));
    const token = tokens.get(key)!;
    const result = await app.gql(UpsertCourseDocument, { input: courseInput(courseId) }, token);
    if (allowed) expect(result.errors).toBeUndefined();
    else expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('signs tokens the test secret cannot forge: the server uses the local secret', async () => {
    const forged = await app.token({ subject: 'x', admin: true });
    const result = await app.gql(UpsertCourseDocument, { input: courseInput(A) }, forged);
    expect(result.status).toBe(401);
  });

  it('refuses when tokens come from a JWKS', async () => {
    await expect(
      tokenCommand(['--admin'], { AUTH_JWKS_URL: 'https://lms.example.org/oauth2/jwks.json' }),
    ).rejects.toMatchObject({ code: 2 });
  });

  it('refuses when nobody is named', async () => {
    await expect(tokenCommand([])).rejects.toMatchObject({ code: 2 });
  });
});
