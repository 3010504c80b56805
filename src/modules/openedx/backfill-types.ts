import type { EntityManager } from '@mikro-orm/postgresql';
import type { EnrollmentInput, IngestService } from '../progress';
import type { Logger } from '../../shared/logger';
import type { LmsClient } from './lms-client';

export interface BackfillDeps {
  lms: LmsClient;
  /** A fresh EntityManager for each unit of work. */
  em: () => EntityManager;
  /** The ingest service facts go through (with the issuer's listeners). */
  ingest: (em: EntityManager) => IngestService;
  /** Largest batch one IngestService call takes (MAX_BATCH_FACTS). */
  maxBatchFacts: number;
  logger: Logger;
  progress?: BackfillProgress;
}

/** Told what the backfill is doing, for a progress bar. */
export interface BackfillProgress {
  start(courseId: string, phase: string, total: number | null): void;
  advance(done: number): void;
  finish(): void;
}

export interface BackfillSummary {
  courses: number;
  learners: number;
  enrollments: number;
  scores: number;
  completions: number;
  skipped: { courseId: string; phase: string; reason: string }[];
  failed: { courseId: string; reason: string }[];
}

export const emptySummary = (): BackfillSummary => ({
  courses: 0,
  learners: 0,
  enrollments: 0,
  scores: 0,
  completions: 0,
  skipped: [],
  failed: [],
});

/** An LMS enrollment mapped for Laurel: the enrollment fact plus what it does not carry yet. */
export interface ImportedEnrollment {
  input: EnrollmentInput;
  /** The Open edX enrollment mode (audit, verified, …). */
  mode: string;
}

/** What one course's phases share while it is imported. */
export interface CourseRun {
  courseId: string;
  deps: BackfillDeps;
  summary: BackfillSummary;
  /** Learner ids written in this run, counted once. */
  learners: Set<string>;
}
