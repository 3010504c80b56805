import { importCompletions } from './backfill-completions';
import { importEnrollments } from './backfill-enrollments';
import { importGrades } from './backfill-grades';
import {
  type BackfillDeps,
  type BackfillSummary,
  type CourseRun,
  emptySummary,
} from './backfill-types';
import { importCourse } from './course-import';
import { ImportCheckpoints, type Phase, PHASES } from './import-checkpoints';
import { LmsError } from './lms-errors';

export const COURSES_PATH = '/api/courses/v1/courses/';

const PHASE_IMPORTERS: Record<Phase, typeof importEnrollments> = {
  enrollments: importEnrollments,
  grades: importGrades,
  completions: importCompletions,
};

export interface BackfillOptions {
  /** Forget saved checkpoints and import every phase from its first page. */
  restart?: boolean;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One course: its structure (always read again), then enrollments, grades and completions,
 * each phase from its checkpoint. A course whose phases all finished before starts over.
 */
async function backfillCourse(
  deps: BackfillDeps,
  courseId: string,
  summary: BackfillSummary,
  learners: Set<string>,
  options: BackfillOptions,
): Promise<void> {
  const checkpoints = new ImportCheckpoints(deps.em);
  let saved = await checkpoints.load(courseId);
  if (options.restart || [...saved.values()].every((c) => c.done)) {
    await checkpoints.clear(courseId);
    saved = await checkpoints.load(courseId);
  }
  deps.progress?.start(courseId, 'structure', null);
  const structure = await importCourse(deps.lms, deps.em(), courseId);
  deps.progress?.finish();
  if (structure.ungradedFormats.length > 0) {
    summary.skipped.push({
      courseId,
      phase: 'structure',
      reason: `graded subsections of formats not in the grading policy: ${structure.ungradedFormats.join(', ')}`,
    });
  }
  const run: CourseRun = { courseId, deps, summary, learners };
  for (const phase of PHASES) {
    const checkpoint = saved.get(phase)!;
    if (checkpoint.done) {
      if (checkpoint.note) summary.skipped.push({ courseId, phase, reason: checkpoint.note });
      continue;
    }
    await PHASE_IMPORTERS[phase](run, checkpoint, (next) =>
      checkpoints.save(courseId, phase, next),
    );
  }
  summary.courses++;
}

/** Every course key of the LMS catalog (`/api/courses/v1/courses/`, all pages). */
export async function listCourseKeys(deps: BackfillDeps): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of deps.lms.pages(COURSES_PATH, { page_size: '100' })) {
    for (const course of page.results) keys.push(course.get('id').string(255));
  }
  return keys;
}

/**
 * Imports courses from the LMS: structure, enrollments, grades, completions. A course that
 * fails is reported in the summary and the next one goes on; its checkpoints let a rerun
 * continue where it stopped.
 */
export async function runBackfill(
  deps: BackfillDeps,
  target: { courseIds: string[] } | { all: true },
  options: BackfillOptions = {},
): Promise<BackfillSummary> {
  const summary = emptySummary();
  const learners = new Set<string>();
  const courseIds = 'all' in target ? await listCourseKeys(deps) : target.courseIds;
  for (const courseId of courseIds) {
    try {
      await backfillCourse(deps, courseId, summary, learners, options);
    } catch (error) {
      deps.progress?.finish();
      if (!(error instanceof LmsError)) deps.logger.error({ err: error, courseId }, 'backfill');
      summary.failed.push({ courseId, reason: reasonOf(error) });
    }
  }
  summary.learners = learners.size;
  return summary;
}
