import { randomBytes } from 'node:crypto';
import {
  CredentialDetailDocument,
  type CredentialDetailQuery,
  type CredentialStatus,
} from '../operations/generated';
import type { TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  record,
  upsertCourse,
  upsertLearners,
} from '../progress/helpers';

export type CredentialView = NonNullable<CredentialDetailQuery['credential']>;

/** Worker settings that make retries quick in tests. */
export const FAST_JOBS = { JOB_RETRY_DELAY_SECONDS: '1', RECONCILE_CRON: 'off' };

export interface Course10 {
  courseId: string;
  configurationId: string;
  course: ReturnType<typeof courseInput>;
}

/**
 * A course of 10 blocks with one configuration (COMPLETION ≥ 0.8, auto-issue unless told)
 * and the given learners, named "Learner <id>".
 */
export async function courseWithConfiguration(
  app: TestApp,
  learners: readonly string[],
  options: { autoIssue?: boolean; allowClaim?: boolean; name?: string } = {},
): Promise<Course10> {
  const tag = randomBytes(4).toString('hex');
  const course = courseInput(`course-v1:Issue+C${tag}+2026`, { blocks: 10 });
  await upsertCourse(app, course);
  await upsertLearners(app, learners);
  const configurationId = await createConfiguration(app, {
    courseId: course.id,
    requirements: [completion(0.8)],
    autoIssue: options.autoIssue ?? true,
    allowClaim: options.allowClaim ?? false,
    name: options.name ?? 'Certificate of Completion',
  });
  return { courseId: course.id, configurationId, course };
}

/** Enrolls the learners and completes `done` of the 10 blocks for each. */
export async function progress(
  app: TestApp,
  course: Course10,
  learners: readonly string[],
  done: number,
  minute = 0,
): Promise<void> {
  const at = new Date(Date.parse('2026-01-01T00:00:00Z') + minute * 60_000).toISOString();
  const values = Array.from({ length: 10 }, (_, i) => (i < done ? 1 : 0));
  await ok(
    record(app, {
      enrollments: learners.map((id) => enrollment(id, { courseId: course.courseId }, true, at)),
      completions: learners.flatMap((id) => completions(id, course.course, values, at)),
    }),
  );
}

export async function credential(app: TestApp, id: string): Promise<CredentialView> {
  const data = await ok(app.gql(CredentialDetailDocument, { id }, app.adminToken));
  if (!data.credential) throw new Error(`credential ${id} not found`);
  return data.credential;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the credential has the status; returns it. */
export function reaches(
  app: TestApp,
  id: string,
  status: CredentialStatus,
  timeoutMs?: number,
): Promise<CredentialView> {
  return eventually(
    async () => {
      const found = await credential(app, id);
      return found.status === status ? found : undefined;
    },
    timeoutMs,
    `credential ${id} to be ${status}`,
  );
}
