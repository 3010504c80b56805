import type { BodyReader } from './lms-body';

/** Bounds of numbers an honest LMS sends; anything beyond is a broken or hostile body. */
const MAX_POINTS = 1e9;

/** An entry of `/api/enrollment/v1/enrollments` (CourseEnrollmentsApiListSerializer). */
export interface LmsEnrollment {
  username: string;
  courseId: string;
  mode: string;
  active: boolean;
  created: Date;
}

export function readEnrollment(entry: BodyReader): LmsEnrollment {
  return {
    username: entry.get('user').string(150),
    courseId: entry.get('course_id').string(255),
    mode: entry.get('mode').string(100),
    active: entry.get('is_active').boolean(),
    created: entry.get('created').date(),
  };
}

/** The fields of `/api/user/v1/accounts?username=…` that Laurel keeps. */
export interface LmsAccount {
  id: string;
  username: string;
  name: string | null;
  email: string | null;
}

export function readAccount(entry: BodyReader): LmsAccount {
  return {
    id: entry.get('id').id(),
    username: entry.get('username').string(150),
    name: entry.get('name').optionalString(500),
    email: entry.get('email').optionalString(254),
  };
}

/** A gradebook entry (StudentGradebookEntrySerializer) with its per-subsection scores. */
export interface GradebookEntry {
  userId: string;
  username: string;
  fullName: string | null;
  email: string | null;
  subsections: { moduleId: string; attempted: boolean; earned: number; possible: number }[];
}

export function readGradebookEntry(entry: BodyReader): GradebookEntry {
  return {
    userId: entry.get('user_id').id(),
    username: entry.get('username').string(150),
    fullName: entry.get('full_name').optionalString(500),
    email: entry.get('email').optionalString(254),
    subsections: entry
      .get('section_breakdown')
      .optionalArray(10_000)
      .map((section) => ({
        moduleId: section.get('module_id').string(1000),
        attempted: section.get('attempted').optionalBoolean(false),
        earned: section.get('score_earned').number(0, MAX_POINTS),
        possible: section.get('score_possible').number(0, MAX_POINTS),
      })),
  };
}

/**
 * A subsection's score as Laurel stores it: the fraction earned (items have 1 possible
 * point), 0 when nothing was possible, clamped to [0, 1].
 */
export function subsectionFraction(earned: number, possible: number): number {
  if (!(possible > 0)) return 0;
  return Math.min(1, Math.max(0, earned / possible));
}
