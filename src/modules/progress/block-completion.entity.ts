import { Check, Entity, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { ContentBlock } from '../catalog/content-block.entity';
import { Course } from '../catalog/course.entity';
import { Timestamps } from '../../shared/timestamps';
import { Learner } from './learner.entity';

/** How far a learner completed one block (0..1); the fact with the latest occurredAt wins. */
@Entity({ tableName: 'block_completion' })
@Index({ properties: ['course', 'learner'] })
@Check({
  name: 'block_completion_range_check',
  expression: 'completion >= (0)::double precision and completion <= (1)::double precision',
})
export class BlockCompletion extends Timestamps {
  [PrimaryKeyProp]?: ['learner', 'block'];

  @ManyToOne(() => Learner, { primary: true, deleteRule: 'cascade' })
  learner!: Learner;

  @ManyToOne(() => ContentBlock, { primary: true, deleteRule: 'cascade' })
  block!: ContentBlock;

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course!: Course;

  @Property({ columnType: 'double precision', type: 'double' })
  completion!: number;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
