import type { CourseAccessRoleChange } from './course-access-roles';

/** A learner as an event describes them; PII fields are null when the event carries none. */
export interface LearnerFact {
  id: string;
  name: string | null;
  username: string | null;
  email: string | null;
}

/** What one bus message asks Laurel to record. */
export type Fact =
  | {
      kind: 'enrollment';
      learner: LearnerFact;
      courseId: string;
      active: boolean;
      mode: string | null;
      occurredAt: Date;
    }
  | {
      kind: 'completion';
      learnerId: string;
      courseId: string;
      blockId: string;
      completion: number;
      occurredAt: Date;
    }
  | {
      kind: 'score';
      learnerId: string;
      courseId: string;
      itemId: string;
      /** Earned / possible of the subsection's graded score, in [0, 1]. */
      fraction: number;
      /** False when the LMS counts nothing graded in it (an ungraded subsection). */
      graded: boolean;
      occurredAt: Date;
    }
  | {
      kind: 'lmsGrade';
      learnerId: string;
      courseId: string;
      percent: number;
      letterGrade: string;
      passedAt: Date | null;
      occurredAt: Date;
    }
  | { kind: 'accessRole'; learner: LearnerFact; change: CourseAccessRoleChange }
  | {
      kind: 'discussionPost';
      learner: LearnerFact;
      courseId: string;
      postId: string;
      postKind: 'THREAD' | 'RESPONSE' | 'COMMENT';
      /** What the event's data says; null when it says nothing (counts as not deleted). */
      deleted: boolean | null;
      flagged: boolean | null;
      occurredAt: Date;
    };

/** What to do with one message, before anything is written. */
export type Plan =
  | { kind: 'fact'; fact: Fact }
  /** A course whose structure the LMS importer should read again. */
  | { kind: 'refresh'; courseKey: string }
  | { kind: 'ignore'; why: string };
