import { Client } from 'pg';
import {
  type CompletionInput,
  type CourseInput,
  CreateConfigurationDocument,
  type CredentialConfigurationInput,
  type EnrollmentInput,
  LearnerProgressDocument,
  type LearnerProgressQuery,
  type ProgressBatchInput,
  RecordProgressDocument,
  type RequirementInput,
  type ScoreInput,
  UpsertCourseDocument,
  UpsertLearnerDocument,
  UpsertLearningPathDocument,
} from '../operations/generated';
import type { GraphQLResponse, TestApp } from '../support/app';
import { courseInput } from '../support/fixtures';

export type Progress = LearnerProgressQuery['learnerProgress'][number];

/** A course input whose ids are strings (generated input types allow numbers). */
export type TestCourse = CourseInput & { id: string; blocks: { id: string }[] };

export const testCourse = (id: string, options?: Parameters<typeof courseInput>[1]): TestCourse =>
  courseInput(id, options) as TestCourse;

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** A fixed instant `minutes` after 2026-01-01T00:00Z, as sent in `occurredAt`. */
export const at = (minutes = 0): string => new Date(T0 + minutes * 60_000).toISOString();

export const completion = (min: number): RequirementInput => ({ kind: 'COMPLETION', min });
export const grade = (min: number): RequirementInput => ({ kind: 'GRADE', min });
export const assignmentGrade = (assignmentType: string, min: number): RequirementInput => ({
  kind: 'ASSIGNMENT_GRADE',
  assignmentType,
  min,
});

/** The data of a response that must have no errors. */
export async function ok<T>(response: Promise<GraphQLResponse<T>>): Promise<T> {
  const result = await response;
  expect(result.errors).toBeUndefined();
  return result.data!;
}

export async function upsertCourse(app: TestApp, input: CourseInput): Promise<void> {
  await ok(app.gql(UpsertCourseDocument, { input }, app.adminToken));
}

export async function upsertPath(app: TestApp, id: string, steps: string[]): Promise<void> {
  await ok(
    app.gql(
      UpsertLearningPathDocument,
      { input: { id, title: `Path ${id}`, steps } },
      app.adminToken,
    ),
  );
}

export async function upsertLearners(app: TestApp, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await ok(
      app.gql(UpsertLearnerDocument, { input: { id, name: `Learner ${id}` } }, app.ingestToken),
    );
  }
}

/** A configuration, not auto-issued unless asked: these tests are about progress, not issuance. */
export async function createConfiguration(
  app: TestApp,
  input: Omit<CredentialConfigurationInput, 'name'> & { name?: string },
): Promise<string> {
  const data = await ok(
    app.gql(
      CreateConfigurationDocument,
      { input: { name: 'Certificate', autoIssue: false, ...input } },
      app.adminToken,
    ),
  );
  return data.createCredentialConfiguration.id;
}

export function record(
  app: TestApp,
  input: ProgressBatchInput,
  token: string | null = app.ingestToken,
) {
  return app.gql(RecordProgressDocument, { input }, token);
}

export function enrollment(
  learnerId: string,
  context: { courseId: string } | { learningPathId: string },
  active = true,
  occurredAt = at(),
): EnrollmentInput {
  return { learnerId, ...context, active, occurredAt };
}

/** Completions of the course's first blocks, one per value. */
export function completions(
  learnerId: string,
  course: TestCourse,
  values: readonly number[],
  occurredAt = at(),
): CompletionInput[] {
  return values.map((value, i) => ({
    learnerId,
    courseId: course.id,
    blockId: course.blocks[i].id,
    completion: value,
    occurredAt,
  }));
}

/** `full` blocks at 1, then one block per value of `partial`. */
export const done = (full: number, partial: readonly number[] = []): number[] => [
  ...Array<number>(full).fill(1),
  ...partial,
];

export function scores(
  learnerId: string,
  courseId: string,
  earned: Record<string, number>,
  occurredAt = at(),
): ScoreInput[] {
  return Object.entries(earned).map(([itemId, points]) => ({
    learnerId,
    courseId,
    itemId,
    earned: points,
    occurredAt,
  }));
}

/** learnerProgress as an admin, failing on errors. */
export async function progressOf(
  app: TestApp,
  learnerId: string,
  context: { courseId: string } | { learningPathId: string },
): Promise<Progress[]> {
  const data = await ok(
    app.gql(LearnerProgressDocument, { learnerId, ...context }, app.adminToken),
  );
  return data.learnerProgress;
}

/** Rows of a plain SQL query on the test database (not through the ORM). */
export async function query<T>(app: TestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `KIND` or `KIND:type` of a requirement, for compact expectations. */
export const label = (p: { kind: string; assignmentType?: string | null }): string =>
  p.assignmentType ? `${p.kind}:${p.assignmentType}` : p.kind;
