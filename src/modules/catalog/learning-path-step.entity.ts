import { Entity, ManyToOne, PrimaryKey, PrimaryKeyProp, Unique } from '@mikro-orm/core';
import { Timestamps } from '../../shared/timestamps';
import { Course } from './course.entity';
import { LearningPath } from './learning-path.entity';

@Entity({ tableName: 'learning_path_step' })
@Unique({ properties: ['learningPath', 'course'] })
export class LearningPathStep extends Timestamps {
  [PrimaryKeyProp]?: ['learningPath', 'position'];

  @ManyToOne(() => LearningPath, { primary: true, deleteRule: 'cascade' })
  learningPath!: LearningPath;

  @PrimaryKey({ type: 'integer' })
  position!: number;

  @ManyToOne(() => Course, { deleteRule: 'restrict', index: true })
  course!: Course;
}
