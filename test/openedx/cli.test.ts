import { spawn } from 'node:child_process';
import { createTestDatabase } from '../support/database';
import { FakeLms, sampleCourse } from '../support/fake-lms';
import { Client } from 'pg';
import { uniqueCourseKey } from './helpers';

/**
 * `npm run openedx -- backfill --course <key>` as an operator runs it: the built script
 * (run `npm run build` first) against a fake LMS and a database of its own.
 */
jest.setTimeout(60_000);

let lms: FakeLms;
let database: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  [lms, database] = await Promise.all([FakeLms.start(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([lms.stop(), database.drop()]);
});

function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/scripts/openedx.js', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

it('backfills one course and prints what it imported', async () => {
  const course = lms.addCourse(sampleCourse(uniqueCourseKey('Cli'), 'Command Line 101'));
  const users = [lms.addUser(9001), lms.addUser(9002)];
  for (const user of users) lms.enroll(user, course.key);
  const hw = Object.keys(course.blocks).find((id) => id.endsWith('@hw1'))!;
  const problem = Object.keys(course.blocks).find((id) => id.endsWith('@hw1_p1'))!;
  lms.setGrade(course.key, users[0], hw, 4, 5);
  lms.setCompletion(course.key, users[0], problem, 1);
  lms.gradebookOff.clear();

  const result = await runCli(['backfill', '--course', course.key], lms.env());
  expect(result).toMatchObject({ code: 0 });
  expect(result.stdout).toMatch(
    /Backfill finished in [\d.]+ s\n {2}courses {6}1\n {2}learners {5}2\n {2}enrollments {2}2\n {2}scores {7}1\n {2}completions {2}1/,
  );
  // Not a terminal: one plain line per phase on stderr.
  expect(result.stderr).toContain(`${course.key} enrollments`);
  expect(result.stderr).toContain(`${course.key} completions (2 expected)`);

  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select c.title, (select count(*)::int from enrollment e where e.course_id = c.id) as enrollments,
              (select earned from item_score s where s.learner_id = '9001' and s.item_id = $2) as earned
       from course c where c.id = $1`,
      [course.key, hw],
    );
    expect(rows).toEqual([{ title: 'Command Line 101', enrollments: 2, earned: 0.8 }]);
  } finally {
    await client.end();
  }

  const usage = await runCli(['backfill'], lms.env());
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('Usage: npm run openedx -- backfill');
  const unconfigured = await runCli(['backfill', '--all'], { OPENEDX_LMS_URL: '' });
  expect(unconfigured.code).toBe(2);
  expect(unconfigured.stderr).toContain('Set OPENEDX_LMS_URL');
});
