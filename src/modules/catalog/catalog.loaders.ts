import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, groupLoader } from '../../shared/dataloaders';
import { ContentBlock } from './content-block.entity';
import { Course } from './course.entity';
import { GradedItem } from './graded-item.entity';
import { LearningPathStep } from './learning-path-step.entity';
import { LearningPath } from './learning-path.entity';

export function catalogLoaders(em: EntityManager) {
  return {
    course: byKeyLoader(
      (ids: readonly string[]) => em.find(Course, { id: { $in: [...ids] } }),
      (course) => course.id,
    ),
    learningPath: byKeyLoader(
      (ids: readonly string[]) => em.find(LearningPath, { id: { $in: [...ids] } }),
      (path) => path.id,
    ),
    blocksByCourse: groupLoader(
      (ids: readonly string[]) =>
        em.find(ContentBlock, { course: { $in: [...ids] } }, { orderBy: { position: 'asc' } }),
      (block) => block.course.id,
    ),
    gradedItemsByCourse: groupLoader(
      (ids: readonly string[]) =>
        em.find(GradedItem, { course: { $in: [...ids] } }, { orderBy: { position: 'asc' } }),
      (item) => item.course.id,
    ),
    /** Steps of each path in order (course references, not loaded). */
    stepsByPath: groupLoader(
      (ids: readonly string[]) =>
        em.find(
          LearningPathStep,
          { learningPath: { $in: [...ids] } },
          { orderBy: { position: 'asc' } },
        ),
      (step) => step.learningPath.id,
    ),
    /** Paths that contain each course as a step. */
    stepsByCourse: groupLoader(
      (ids: readonly string[]) =>
        em.find(
          LearningPathStep,
          { course: { $in: [...ids] } },
          { orderBy: { learningPath: 'asc' } },
        ),
      (step) => step.course.id,
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof catalogLoaders>;
