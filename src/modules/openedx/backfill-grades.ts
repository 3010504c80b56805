import { GradedItem } from '../catalog';
import { LearnerService, type ScoreInput } from '../progress';
import { ingestInChunks } from './backfill-ingest';
import type { CourseRun } from './backfill-types';
import type { Checkpoint } from './import-checkpoints';
import { LmsError } from './lms-errors';
import { readGradebookEntry, subsectionFraction } from './lms-records';

export const gradebookPath = (courseId: string) => `/api/grades/v1/gradebook/${courseId}/`;

export const GRADEBOOK_OFF =
  'the gradebook answered 403: turn on the course waffle flag grades.writable_gradebook ' +
  '(and make the service user staff) to import grades; live grade events still arrive';

/**
 * Subsection scores from the gradebook (cursor pages of 50 learners), as fractions per
 * graded item; the learners' ids, names and usernames come along. Subsections the learner
 * never attempted (0/0 and not overridden) are left out: they count 0 either way. The
 * gradebook gives no time, so the facts carry the time of the request: a live event
 * written later wins, an older one does not.
 */
export async function importGrades(
  run: CourseRun,
  checkpoint: Checkpoint,
  save: (checkpoint: Checkpoint) => Promise<void>,
): Promise<void> {
  const { deps, courseId } = run;
  const items = new Set(
    (await deps.em().find(GradedItem, { course: courseId }, { fields: ['id'] })).map((i) => i.id),
  );
  const start = checkpoint.cursor ?? gradebookPath(courseId);
  let done = 0;
  try {
    let fetchedAt = new Date();
    for await (const page of deps.lms.pages(start)) {
      const total = page.body.get('total_users_count').optionalNumber(0, 1e9);
      if (done === 0) deps.progress?.start(courseId, 'grades', total);
      const entries = page.results.map(readGradebookEntry);
      const scores: ScoreInput[] = entries.flatMap((entry) =>
        entry.subsections
          .filter((s) => s.attempted && items.has(s.moduleId))
          .map((s) => ({
            learnerId: entry.userId,
            courseId,
            itemId: s.moduleId,
            earned: subsectionFraction(s.earned, s.possible),
            occurredAt: fetchedAt,
          })),
      );
      await new LearnerService(deps.em()).importLearners(
        entries.map((entry) => ({
          id: entry.userId,
          name: entry.fullName,
          username: entry.username,
          email: entry.email,
        })),
      );
      await ingestInChunks(run, { scores });
      for (const entry of entries) run.learners.add(entry.userId);
      run.summary.scores += scores.length;
      done += entries.length;
      deps.progress?.advance(done);
      await save({ cursor: page.next, done: page.next === null, note: null });
      fetchedAt = new Date();
    }
  } catch (error) {
    if (error instanceof LmsError && error.forbidden && done === 0) {
      run.summary.skipped.push({ courseId, phase: 'grades', reason: GRADEBOOK_OFF });
      deps.logger.warn({ courseId }, GRADEBOOK_OFF);
      await save({ cursor: null, done: true, note: GRADEBOOK_OFF });
      return;
    }
    throw error;
  } finally {
    deps.progress?.finish();
  }
}
