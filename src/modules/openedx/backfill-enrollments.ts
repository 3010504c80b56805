import { LearnerService } from '../progress';
import type { EnrollmentInput } from '../progress';
import type { CourseRun, ImportedEnrollment } from './backfill-types';
import { ingestInChunks } from './backfill-ingest';
import type { Checkpoint } from './import-checkpoints';
import type { LmsClient } from './lms-client';
import { LmsError } from './lms-errors';
import { type LmsAccount, readAccount, readEnrollment } from './lms-records';

export const ENROLLMENTS_PATH = '/api/enrollment/v1/enrollments';
const ACCOUNTS_PATH = '/api/user/v1/accounts';
const ACCOUNTS_PER_REQUEST = 50;

/** The enrollment fact Laurel ingests, with the LMS's enrollment mode. */
export function enrollmentInput(enrollment: ImportedEnrollment): EnrollmentInput {
  return { ...enrollment.input, mode: enrollment.mode };
}

/**
 * The enrollment API names learners by username; their numeric ids (Laurel's learner ids)
 * and names come from the accounts API, asked for a page's usernames at once. A username
 * the LMS no longer knows makes it answer 404 for the whole list: then one by one.
 */
async function accountsOf(lms: LmsClient, usernames: string[]): Promise<Map<string, LmsAccount>> {
  const found = new Map<string, LmsAccount>();
  const ask = async (names: string[]) => {
    const body = await lms.get(ACCOUNTS_PATH, { username: names.join(',') });
    for (const entry of body.array(names.length)) {
      const account = readAccount(entry);
      found.set(account.username, account);
    }
  };
  for (let i = 0; i < usernames.length; i += ACCOUNTS_PER_REQUEST) {
    const chunk = usernames.slice(i, i + ACCOUNTS_PER_REQUEST);
    try {
      await ask(chunk);
    } catch (error) {
      if (!(error instanceof LmsError && (error.status === 404 || error.status === 403))) {
        throw error;
      }
      for (const name of chunk) {
        await ask([name]).catch((single: unknown) => {
          if (!(single instanceof LmsError && (single.status === 404 || single.status === 403))) {
            throw single;
          }
        });
      }
    }
  }
  return found;
}

/** Enrollments page by page (cursor pages of 100), each page's facts in one ingest. */
export async function importEnrollments(
  run: CourseRun,
  checkpoint: Checkpoint,
  save: (checkpoint: Checkpoint) => Promise<void>,
): Promise<void> {
  const { deps, courseId } = run;
  const start = checkpoint.cursor ?? ENROLLMENTS_PATH;
  const query: Record<string, string> = checkpoint.cursor ? {} : { course_id: courseId };
  let done = 0;
  deps.progress?.start(courseId, 'enrollments', null);
  let unknown = 0;
  for await (const page of deps.lms.pages(start, query)) {
    const entries = page.results
      .map(readEnrollment)
      .filter((enrollment) => enrollment.courseId === courseId);
    const accounts = await accountsOf(deps.lms, [...new Set(entries.map((e) => e.username))]);
    const mapped: ImportedEnrollment[] = [];
    for (const entry of entries) {
      const account = accounts.get(entry.username);
      if (!account) {
        unknown++;
        continue;
      }
      mapped.push({
        input: {
          learnerId: account.id,
          courseId,
          active: entry.active,
          occurredAt: entry.created,
        },
        mode: entry.mode,
      });
    }
    const em = deps.em();
    await new LearnerService(em).importLearners(
      [...accounts.values()].map((account) => ({
        id: account.id,
        name: account.name,
        username: account.username,
        email: account.email,
      })),
    );
    await ingestInChunks(run, { enrollments: mapped.map(enrollmentInput) });
    for (const account of accounts.values()) run.learners.add(account.id);
    run.summary.enrollments += mapped.length;
    done += page.results.length;
    deps.progress?.advance(done);
    await save({ cursor: page.next, done: page.next === null, note: null });
  }
  if (unknown > 0) {
    run.summary.skipped.push({
      courseId,
      phase: 'enrollments',
      reason: `${unknown} enrollment(s) of usernames the accounts API does not know`,
    });
  }
  deps.progress?.finish();
}
