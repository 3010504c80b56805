import { Check, Entity, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Course } from '../catalog/course.entity';
import { Learner } from '../progress/learner.entity';
import { Timestamps } from '../../shared/timestamps';

/**
 * The course grade as the LMS computed it (`persistent_grade_summary.changed`), kept beside
 * Laurel's own; the fact with the latest occurredAt wins.
 */
@Entity({ tableName: 'lms_course_grade' })
@Check({
  name: 'lms_course_grade_percent_check',
  expression: 'percent >= (0)::double precision and percent <= (1)::double precision',
})
export class LmsCourseGrade extends Timestamps {
  [PrimaryKeyProp]?: ['learner', 'course'];

  @ManyToOne(() => Learner, { primary: true, deleteRule: 'cascade' })
  learner!: Learner;

  @ManyToOne(() => Course, { primary: true, deleteRule: 'cascade' })
  course!: Course;

  @Property({ columnType: 'double precision', type: 'double' })
  percent!: number;

  @Property({ type: 'text' })
  letterGrade!: string;

  @Property({ type: 'timestamptz', nullable: true })
  passedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
