import { Check, Entity, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Course } from '../catalog/course.entity';
import { GradedItem } from '../catalog/graded-item.entity';
import { Timestamps } from '../../shared/timestamps';
import { Learner } from './learner.entity';

/** Points a learner earned on one graded item; the fact with the latest occurredAt wins. */
@Entity({ tableName: 'item_score' })
@Index({ properties: ['course', 'learner'] })
@Check({ name: 'item_score_earned_check', expression: 'earned >= (0)::double precision' })
export class ItemScore extends Timestamps {
  [PrimaryKeyProp]?: ['learner', 'item'];

  @ManyToOne(() => Learner, { primary: true, deleteRule: 'cascade' })
  learner!: Learner;

  @ManyToOne(() => GradedItem, { primary: true, deleteRule: 'cascade' })
  item!: GradedItem;

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course!: Course;

  @Property({ columnType: 'double precision', type: 'double' })
  earned!: number;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
