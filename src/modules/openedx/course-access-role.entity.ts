import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Timestamps } from '../../shared/timestamps';

/**
 * A user's role in an Open edX course, or in every course of an organisation (courseId
 * null), as the LMS's course_access_role events last said; the latest occurredAt wins.
 */
@Entity({ tableName: 'course_access_role' })
@Index({
  name: 'course_access_role_course_unique',
  expression:
    'create unique index "course_access_role_course_unique" on "course_access_role" ("user_id", "org", "course_id", "role") where "course_id" is not null',
})
@Index({
  name: 'course_access_role_org_unique',
  expression:
    'create unique index "course_access_role_org_unique" on "course_access_role" ("user_id", "org", "role") where "course_id" is null',
})
export class CourseAccessRole extends Timestamps {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The LMS user id as a decimal string (the learner id of the same person). */
  @Property({ type: 'text' })
  userId!: string;

  @Property({ type: 'text' })
  org!: string;

  @Property({ type: 'text', nullable: true })
  courseId: string | null = null;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'boolean' })
  active!: boolean;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
