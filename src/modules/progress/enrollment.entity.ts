import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Course } from '../catalog/course.entity';
import { LearningPath } from '../catalog/learning-path.entity';
import { Timestamps } from '../../shared/timestamps';
import { Learner } from './learner.entity';

/** A learner's enrollment in exactly one course or one learning path; the latest fact wins. */
@Entity({ tableName: 'enrollment' })
@Check({
  name: 'enrollment_one_context_check',
  expression: '(course_id is null) <> (learning_path_id is null)',
})
@Index({
  name: 'enrollment_learner_course_unique',
  expression:
    'create unique index "enrollment_learner_course_unique" on "enrollment" ("learner_id", "course_id") where "course_id" is not null',
})
@Index({
  name: 'enrollment_learner_path_unique',
  expression:
    'create unique index "enrollment_learner_path_unique" on "enrollment" ("learner_id", "learning_path_id") where "learning_path_id" is not null',
})
@Index({ name: 'enrollment_course_index', properties: ['course'] })
@Index({ name: 'enrollment_path_index', properties: ['learningPath'] })
export class Enrollment extends Timestamps {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Learner, { deleteRule: 'cascade' })
  learner!: Learner;

  @ManyToOne(() => Course, { nullable: true, deleteRule: 'cascade' })
  course: Course | null = null;

  @ManyToOne(() => LearningPath, { nullable: true, deleteRule: 'cascade' })
  learningPath: LearningPath | null = null;

  @Property({ type: 'boolean' })
  active!: boolean;

  /** The LMS enrollment mode (audit, verified, …) when the platform tells it. */
  @Property({ type: 'text', nullable: true })
  mode: string | null = null;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
