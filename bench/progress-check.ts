import type { EntityManager } from '@mikro-orm/postgresql';
import { isDeepStrictEqual } from 'node:util';
import {
  refreshConfigurations,
  type Requirement,
  type StepOverride,
} from '../src/modules/eligibility';
import { courseId } from './progress-seed';

/**
 * The progress benchmark's correctness side: the stored answers it reads, and the check
 * that Laurel's answers equal the baseline's recompute.
 */

/** Stores every enrolled learner's answer of every enabled configuration, as rule changes do. */
export async function storeEveryAnswer(em: EntityManager): Promise<number> {
  const rows = await em.execute<
    {
      id: string;
      course_id: string | null;
      learning_path_id: string | null;
      requirements: Requirement[];
      step_overrides: StepOverride[];
    }[]
  >(
    `select id, course_id, learning_path_id, requirements, step_overrides
     from credential_configuration where enabled order by id`,
  );
  return em.transactional((tx) =>
    refreshConfigurations(
      tx,
      rows.map((row) => ({
        id: row.id,
        courseId: row.course_id,
        learningPathId: row.learning_path_id,
        requirements: row.requirements,
        stepOverrides: row.step_overrides,
      })),
    ),
  );
}

interface Answer {
  configuration: { id: string; name: string };
  eligible: boolean;
  enrolled: boolean;
  progress: number;
  requirements: {
    kind: string;
    assignmentType: string | null;
    required: number;
    current: number;
    met: boolean;
    reason: string | null;
  }[];
}

/** The fields both answers carry, in one key order. */
const canonical = (a: Answer): Answer => ({
  configuration: { id: a.configuration.id, name: a.configuration.name },
  eligible: a.eligible,
  enrolled: a.enrolled,
  progress: a.progress,
  requirements: a.requirements.map((r) => ({
    kind: r.kind,
    assignmentType: r.assignmentType,
    required: r.required,
    current: r.current,
    met: r.met,
    reason: r.reason,
  })),
});

async function post(url: string, headers: Record<string, string>, body: object) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json() as Promise<{ data?: unknown; errors?: unknown }>;
}

/**
 * Asks Laurel and the baseline for one learner's progress in the 50 benchmark courses
 * and throws on any difference, naming the first configuration that differs.
 */
export async function sameAnswers(
  laurelUrl: string,
  auth: Record<string, string>,
  baselineUrl: string,
  learnerId: string,
  query: (learnerId: string) => string,
): Promise<void> {
  const courseIds = Array.from({ length: 50 }, (_, c) => courseId(c));
  const [laurel, baseline] = await Promise.all([
    post(laurelUrl, auth, { query: query(learnerId) }),
    post(baselineUrl, {}, { learnerId, courseIds }),
  ]);
  if (laurel.errors) throw new Error(`Laurel answered errors: ${JSON.stringify(laurel.errors)}`);
  const ours = Object.values(laurel.data as Record<string, Answer[]>)
    .flat()
    .map(canonical);
  const theirs = new Map(
    (baseline.data as Answer[]).map((a) => [a.configuration.id, canonical(a)]),
  );
  if (ours.length !== theirs.size || ours.length === 0) {
    throw new Error(
      `${learnerId}: Laurel answered ${ours.length} configurations, the baseline ${theirs.size}`,
    );
  }
  for (const answer of ours) {
    const expected = theirs.get(answer.configuration.id);
    if (!isDeepStrictEqual(answer, expected)) {
      throw new Error(
        `${learnerId}: answers differ for configuration ${answer.configuration.id}:\n` +
          `  Laurel:   ${JSON.stringify(answer)}\n  baseline: ${JSON.stringify(expected)}`,
      );
    }
  }
}
