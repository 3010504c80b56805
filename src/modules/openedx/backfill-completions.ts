import { ContentBlock } from '../catalog';
import { type CompletionInput, Enrollment } from '../progress';
import { ingestInChunks } from './backfill-ingest';
import type { CourseRun } from './backfill-types';
import { BLOCKS_PATH } from './course-import';
import type { Checkpoint } from './import-checkpoints';
import { LmsError } from './lms-errors';

const LEARNERS_PER_BATCH = 20;

/**
 * Block completions, learner by learner: the Blocks API with `username=` and
 * `requested_fields=completion` is the only LMS read that gives completion per leaf block
 * (completion-aggregator only has sums per subsection and section). Learners are those
 * with an active enrollment in Laurel, in id order; the checkpoint is the last one done.
 * Only completions above 0 are written (an untouched block counts 0 anyway), with the
 * time of the request.
 */
export async function importCompletions(
  run: CourseRun,
  checkpoint: Checkpoint,
  save: (checkpoint: Checkpoint) => Promise<void>,
): Promise<void> {
  const { deps, courseId } = run;
  const blocks = new Set(
    (await deps.em().find(ContentBlock, { course: courseId }, { fields: ['id'] })).map((b) => b.id),
  );
  const where = {
    course: courseId,
    active: true,
    learner: { username: { $ne: null } },
  };
  const total = await deps.em().count(Enrollment, where);
  deps.progress?.start(courseId, 'completions', total);
  let after = checkpoint.cursor;
  let done = 0;
  let unreachable = 0;
  try {
    for (;;) {
      const enrollments = await deps
        .em()
        .find(
          Enrollment,
          after === null ? where : { ...where, learner: { ...where.learner, id: { $gt: after } } },
          { populate: ['learner'], orderBy: { learner: { id: 'asc' } }, limit: LEARNERS_PER_BATCH },
        );
      if (enrollments.length === 0) break;
      const completions: CompletionInput[] = [];
      for (const { learner } of enrollments) {
        const fetchedAt = new Date();
        let body;
        try {
          body = await deps.lms.get(BLOCKS_PATH, {
            course_id: courseId,
            username: learner.username ?? '',
            depth: 'all',
            return_type: 'dict',
            requested_fields: 'completion',
          });
        } catch (error) {
          // The LMS no longer has this learner in the course (404): nothing to import.
          if (error instanceof LmsError && error.status === 404) {
            unreachable++;
            continue;
          }
          throw error;
        }
        for (const [blockId, block] of body.get('blocks').entries(200_000)) {
          if (!blocks.has(blockId)) continue;
          const value = block.get('completion').optionalNumber(0, 1);
          if (value !== null && value > 0) {
            completions.push({
              learnerId: learner.id,
              courseId,
              blockId,
              completion: value,
              occurredAt: fetchedAt,
            });
          }
        }
      }
      await ingestInChunks(run, { completions });
      run.summary.completions += completions.length;
      after = enrollments[enrollments.length - 1].learner.id;
      done += enrollments.length;
      deps.progress?.advance(done);
      await save({ cursor: after, done: false, note: null });
    }
    await save({ cursor: after, done: true, note: null });
  } catch (error) {
    if (error instanceof LmsError && error.forbidden && done === 0) {
      const reason = `the Blocks API refused per-learner reads (403): ${error.message}`;
      run.summary.skipped.push({ courseId, phase: 'completions', reason });
      await save({ cursor: null, done: true, note: reason });
      return;
    }
    throw error;
  } finally {
    deps.progress?.finish();
  }
  if (unreachable > 0) {
    run.summary.skipped.push({
      courseId,
      phase: 'completions',
      reason: `${unreachable} learner(s) the Blocks API did not find in the course`,
    });
  }
}
